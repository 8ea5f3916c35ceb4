/* The region's managers: every hall of the deployment side by side, refreshed every minute. */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const esc = Hall.escapeHtml;
  const session = Hall.staffSession({ roles: ["regional", "admin"], refuse: "仅区域管理人员可以登录", onSignedIn: start });
  let timer = null;

  async function load() {
    const r = await session.call("GET", "/region");
    const t = r.total;
    $("totals").innerHTML = Hall.kpiTiles([["取号", t.issued], ["等候中", t.waiting], ["已办结", t.served], ["平均等候(分)", t.avg_wait_minutes],
      ["黄灯办件", t.yellow, t.yellow ? "yellow" : ""], ["红灯办件", t.red, t.red ? "red" : ""],
      ["待处理差评", t.bad_ratings_open, t.bad_ratings_open ? "red" : ""]]);
    $("halls").innerHTML = "<tr><th>中心</th>" + ["窗口", "取号", "等候中", "已办结", "平均等候(分)", "平均办理(分)", "黄/红灯",
      "待处理差评", "上月星级均值"].map((h) => `<th class="num">${h}</th>`).join("") + "</tr>" +
      r.halls.map((h) => `<tr><td><a href="/display?hall=${encodeURIComponent(h.code)}" target="_blank">${esc(h.name)}</a></td>` +
        `<td class="num">${h.windows}</td><td class="num">${h.issued}</td><td class="num">${h.waiting}</td><td class="num">${h.served}</td>` +
        `<td class="num">${h.avg_wait_minutes}</td><td class="num">${h.avg_service_minutes}</td>` +
        `<td class="num">${h.lights.yellow}/${h.lights.red}</td><td class="num">${h.bad_ratings_open}</td>` +
        `<td class="num">${h.average_stars === null ? "—" : h.average_stars + "（" + esc(h.star_month) + "）"}</td></tr>`).join("");
  }
  function start() {
    clearInterval(timer);
    timer = setInterval(() => { if (session.staff()) load().catch(() => {}); }, 60000);
    return load();
  }
})();
