/* A department reviewer's joint-review tasks (联审联办): live from the reviewer:<dept> room. */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const esc = Hall.escapeHtml;
  const toast = Hall.toast;
  const items = {};
  let me = null;
  const session = Hall.staffSession({
    accept: (staff) => (staff.department ? null : "此账号不属于任何部门"), onSignedIn: start,
  });

  function render(cases) {
    const dept = me.department.code;
    $("main").innerHTML = cases.length ? cases.map((c) => {
      const mine = c.reviews.find((r) => r.dept_code === dept) || {};
      const item = items[c.item] || { materials: [] };
      const mats = c.materials.map((code) => (item.materials.find((m) => m.code === code) || { name: code }).name).join("、");
      const open = c.status === "reviewing" && (mine.status === "pending" || mine.status === "site_inspection");
      return `<div class="case" data-case="${esc(c.case_no)}"><h2>${esc(c.item_name)} <small>${esc(c.case_no)}</small></h2>` +
        `<div class="meta">申请人 ${esc(c.applicant.name)}（${esc(c.applicant.id_number)}） · 受理 ${c.accepted_at.slice(0, 16).replace("T", " ")} · ` +
        `本部门期限 ${esc(mine.deadline || "")} · 办件状态 ${esc(c.status_name)}</div><div>申报材料：${esc(mats)}</div>` +
        `<div class="depts">${c.reviews.map((r) => `<span class="dept ${r.status}"><span class="dot ${r.light}"></span>${esc(r.dept_name)}${r.lead ? "（牵头）" : ""}：${esc(r.status_name)}</span>`).join("")}</div>` +
        (open ? `<div class="act"><button class="ok" data-op="approve">同意</button><button data-op="site_inspection">需现场勘查</button>` +
          `<input class="reason" placeholder="意见或不同意理由"><input class="basis" placeholder="不同意的法律依据"><button class="no" data-op="reject">不同意</button></div>` : "") +
        `</div>`;
    }).join("") : "<div class='case'>暂无联审任务</div>";
    document.querySelectorAll("[data-op]").forEach((b) => {
      b.onclick = async () => {
        const box = b.closest(".case");
        try {
          await session.call("POST", `/cases/${encodeURIComponent(box.dataset.case)}/reviews/${dept}`,
            { opinion: b.dataset.op, reason: box.querySelector(".reason").value || (b.dataset.op === "approve" ? "审查同意" : "需现场勘查"),
              basis: box.querySelector(".basis").value });
          toast("已提交审查意见");
        } catch (err) { toast(err.message, true); }
        load();
      };
    });
  }
  async function load() { render(await session.call("GET", `/reviews/${me.department.code}`)); }
  async function start(staff) {
    me = staff;
    $("title").textContent = `联审工作台 · ${me.department.name}`;
    (await Hall.api("GET", "/items")).forEach((i) => { items[i.code] = i; });
    session.live(`reviewer:${me.department.code}`, { state: (s) => render(s.cases), review_changed: load,
      alert: (a) => toast(a.message, true) });
  }
})();
