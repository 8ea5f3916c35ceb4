/* A citizen's case progress by case number and query code. */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const esc = Hall.escapeHtml;
  const LIGHTS = { green: "正常办理", yellow: "临近期限", red: "已超期" };
  async function look(caseNo, code) {
    $("error").textContent = "";
    try {
      const p = await Hall.api("GET", `/cases/${encodeURIComponent(caseNo)}/progress?query_code=${encodeURIComponent(code)}`);
      $("status").textContent = p.status_name;
      $("light").innerHTML = `<span class="light ${p.light}"></span>${LIGHTS[p.light] || ""}`;
      $("item").textContent = `${p.item_name}（${p.department}，${p.kind_name}）`;
      $("applicant").innerHTML = `申请人 ${esc(p.applicant_name || "")}` + (p.attorney
        ? `<span class="attorney">代办人 ${esc(p.attorney.helper.name)}（帮办员，工号 ${esc(p.attorney.helper.staff_no)}）</span>` : "");
      $("deadline").textContent = `受理时间 ${p.accepted_at.slice(0, 16).replace("T", " ")}，承诺 ${p.deadline} 前办结` +
        (p.provisional ? "（暂定：该年节假日安排公布后重新计算）" : "");
      $("reviews").innerHTML = p.reviews.length ? "<p><b>各部门联审进度</b></p>" + p.reviews.map((r) =>
        `<div><span class="light ${r.light}"></span>${esc(r.dept_name)}${r.lead ? "（牵头）" : ""}：${esc(r.status_name)}</div>`).join("") : "";
      $("steps").innerHTML = p.steps.map((s) => `<li>${esc(s.name)}<small>${s.at.slice(0, 16).replace("T", " ")} ${esc(s.detail)}</small></li>`).join("");
      $("result").classList.remove("hidden");
    } catch (err) {
      $("result").classList.add("hidden");
      $("error").textContent = err.message;
    }
  }
  const params = new URLSearchParams(location.search);
  if (params.get("case")) { $("case").value = params.get("case"); $("code").value = params.get("code") || ""; look(params.get("case"), params.get("code") || ""); }
  $("form").onsubmit = (e) => { e.preventDefault(); look($("case").value.trim(), $("code").value.trim()); };
})();
