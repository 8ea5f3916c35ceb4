/* An enterprise project's progress (全程代办): every case of the project with its status and
 * deadline, by project number and query code. */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const esc = Hall.escapeHtml;
  const LIGHTS = { green: "正常办理", yellow: "临近期限", red: "已超期" };
  async function look(no, code) {
    $("error").textContent = "";
    try {
      const p = await Hall.api("GET", `/assist/projects/${encodeURIComponent(no)}/progress?query_code=${encodeURIComponent(code)}`);
      $("name").textContent = p.name;
      $("enterprise").textContent = `${p.enterprise.name}（统一社会信用代码 ${p.enterprise.credit_code}）`;
      $("helper").textContent = p.helper ? `全程代办帮办员：${p.helper.name}（工号 ${p.helper.staff_no}）` : "";
      const s = p.summary;
      $("summary").textContent = s.cases ? (s.done ? `共${s.cases}件，已全部办结` :
        `共${s.cases}件，未办结${s.open}件${s.overdue ? `（超期${s.overdue}件）` : ""}，最近期限 ${s.next_deadline}`) : "项目尚未关联办件";
      $("cases").innerHTML = p.cases.map((c) => `<tr data-case="${esc(c.case_no)}"><td>${esc(c.case_no)}</td><td>${esc(c.item_name)}</td>` +
        `<td>${esc(c.department)}</td><td>${esc(c.status_name)}</td>` +
        `<td>${c.open ? `<span class="light ${esc(c.light)}" title="${esc(LIGHTS[c.light] || "")}"></span>` : ""}${esc(c.deadline)}</td></tr>`).join("");
      $("result").classList.remove("hidden");
    } catch (err) {
      $("result").classList.add("hidden");
      $("error").textContent = err.message;
    }
  }
  const params = new URLSearchParams(location.search);
  if (params.get("project")) {
    $("project").value = params.get("project"); $("code").value = params.get("code") || "";
    look(params.get("project"), params.get("code") || "");
  }
  $("form").onsubmit = (e) => { e.preventDefault(); look($("project").value.trim(), $("code").value.trim()); };
})();
