/* Published monthly star ratings of windows and staff, for the public. */
(async function () {
  "use strict";
  const esc = Hall.escapeHtml;
  const [hall, data] = await Promise.all([Hall.api("GET", "/hall"), Hall.api("GET", "/star-ratings/published")]);
  document.getElementById("title").textContent = `${hall.name} 星级评比公示`;
  if (!data.month) { document.getElementById("note").textContent = "本月评比结果尚未公布"; return; }
  document.getElementById("note").textContent = `${data.month} 评比结果（满分100分；有投诉或责任追究的不得评为五星）`;
  const table = (rows, key) => "<tr><th>名次</th><th>名称</th><th>得分</th><th>星级</th><th>好评率</th></tr>" + rows.map((r, i) =>
    `<tr><td>${i + 1}</td><td>${esc(r.name)}</td><td>${r.score.toFixed(2)}</td><td class="stars">${"★".repeat(r.stars)}</td>` +
    `<td>${r.breakdown.indicators["好评率"] == null ? "—" : (r.breakdown.indicators["好评率"] * 100).toFixed(1) + "%"}</td></tr>`).join("");
  document.getElementById("windows").innerHTML = table(data.windows, "window");
  document.getElementById("staff").innerHTML = table(data.staff, "staff");
})();
