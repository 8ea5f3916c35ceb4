/* The helper console (帮办代办): come on duty, hear kiosks' calls live (room "helpers"), accept,
 * report arriving; record a 授权委托书 and take tickets for the citizen under it. */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const esc = Hall.escapeHtml;
  const toast = Hall.toast;
  let me = null;
  let socket = null;
  let items = [];
  const session = Hall.staffSession({ roles: ["helper"], refuse: "此页面供帮办员使用", onSignedIn: start });

  const time = (iso) => (iso || "").slice(11, 16);

  function renderRequests(requests) {
    const open = requests.filter((r) => r.status !== "arrived");
    $("requests").innerHTML = open.length ? open.map((r) => {
      const where = r.kiosk ? r.kiosk.name : (r.requested_by ? `工作人员 ${r.requested_by.name}` : "");
      const mine = r.helper && r.helper.staff_no === me.staff_no;
      const act = r.status === "waiting" ? `<button class="ok" data-accept="${r.id}">接单</button>`
        : mine ? `<button data-arrived="${r.id}">已到达</button>` : `<span>${esc(r.helper ? r.helper.name : "")} 已接单</span>`;
      return `<div class="request ${r.status}" data-request="${r.id}"><div><b>${esc(r.reason)}</b>` +
        `<div class="meta">${esc(where)} · ${time(r.requested_at)} · ${esc(r.status_name)}</div></div>${act}</div>`;
    }).join("") : "<div class='empty'>暂无待处理的求助</div>";
    document.querySelectorAll("[data-accept]").forEach((b) => {
      b.onclick = () => act(`/assist-requests/${b.dataset.accept}/accept`, "已接单，请尽快前往");
    });
    document.querySelectorAll("[data-arrived]").forEach((b) => {
      b.onclick = () => act(`/assist-requests/${b.dataset.arrived}/arrived`, "已登记到达");
    });
  }
  async function act(path, done) {
    try { await session.call("POST", path, {}); toast(done); } catch (err) { toast(err.message, true); }
    loadRequests();
  }
  async function loadRequests() {
    if (!socket) { $("requests").innerHTML = "<div class='empty'>上岗后可接收求助</div>"; return; }
    renderRequests(await session.call("GET", "/assist-requests?status=open"));
  }

  function showDuty(duty) {
    $("duty-text").textContent = duty.on_duty ? `值班中（${time(duty.since)} 上岗）` : "未上岗";
    $("duty-toggle").textContent = duty.on_duty ? "离岗" : "上岗接单";
    $("duty-toggle").className = duty.on_duty ? "" : "ok";
    document.querySelector(".duty").classList.toggle("on", duty.on_duty);
    if (duty.on_duty && !socket) {
      socket = session.live("helpers", { state: (s) => renderRequests(s.requests), assist_requested: (r) => {
        toast(`新的帮办求助：${r.reason}`); loadRequests();
      }, assist_accepted: loadRequests, assist_arrived: loadRequests });
    } else if (!duty.on_duty && socket) {
      socket.disconnect();
      socket = null;
    }
    loadRequests();
  }
  $("duty-toggle").onclick = async () => {
    try {
      showDuty(await session.call("POST", "/helpers/duty", { on_duty: !document.querySelector(".duty").classList.contains("on") }));
    } catch (err) { toast(err.message, true); }
  };

  function renderAttorneys(list) {
    $("attorneys").innerHTML = list.map((a) => `<div class="request" data-attorney="${a.id}"><div><b>${esc(a.principal.name)}</b>` +
      `（${esc(a.principal.id_number)}）<div class="meta">委托至 ${esc(a.valid_until)} · ${a.items.map((i) => esc(i.name)).join("、")}</div>` +
      `${a.cases && a.cases.length ? `<div class="meta">代办件：${a.cases.map(esc).join("、")}</div>` : ""}</div>` +
      `<div class="act"><select class="take-item">${a.items.map((i) => `<option value="${esc(i.code)}">${esc(i.name)}</option>`).join("")}</select>` +
      `<button class="ok" data-take="${a.id}">代为取号</button></div></div>`).join("");
    document.querySelectorAll("[data-take]").forEach((b) => {
      b.onclick = async () => {
        const code = b.closest(".request").querySelector(".take-item").value;
        try {
          const t = await session.call("POST", `/powers-of-attorney/${b.dataset.take}/tickets`, { item_code: code });
          toast(`已代为取号：${t.number}`);
        } catch (err) { toast(err.message, true); }
      };
    });
  }
  $("attorney-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const chosen = Array.from($("p-items").selectedOptions).map((o) => o.value);
    try {
      await session.call("POST", "/powers-of-attorney", { principal: { name: $("p-name").value, id_number: $("p-id").value },
        items: chosen, valid_until: $("p-until").value });
      toast("授权委托书已登记");
      $("attorney-form").reset();
      renderAttorneys(await session.call("GET", "/powers-of-attorney"));
    } catch (err) { toast(err.message, true); }
  });

  /* ---- 全程代办: the helper's projects, their cases, and what is due soonest ---- */
  const LIGHTS = { green: "正常", yellow: "临近期限", red: "已超期" };
  function dueText(d) {
    return d.overdue ? `已超期${-d.days_left}天` : d.days_left === 0 ? "今天到期" : `剩余${d.days_left}天`;
  }
  function renderDue(list) {
    $("due").innerHTML = list.length ? list.map((d) => `<div class="request due ${d.overdue ? "overdue" : d.due_soon ? "soon" : ""}" data-due="${esc(d.case_no)}">` +
      `<div><b>${esc(d.item_name)}</b> <span class="meta">${esc(d.case_no)} · ${esc(d.department)}</span>` +
      `<div class="meta">${d.project ? `项目：${esc(d.project.name)}` : `委托人：${esc(d.principal || d.applicant)}`} · ${esc(d.status_name)}</div></div>` +
      `<div class="deadline"><b>${esc(d.deadline)}</b><div>${esc(dueText(d))}</div></div></div>`).join("")
      : "<div class='empty'>暂无未办结的代办件</div>";
  }
  function renderProjects(list) {
    $("projects").innerHTML = list.length ? list.map((p) => `<div class="project" data-project="${esc(p.project_no)}">` +
      `<div class="project-head"><div><b>${esc(p.name)}</b> <span class="meta">${esc(p.project_no)} · 查询码 ${esc(p.query_code)}</span>` +
      `<div class="meta">${esc(p.enterprise.name)}（${esc(p.enterprise.credit_code)}） · ${esc(p.representative.role_name)} ${esc(p.representative.name)}</div></div>` +
      `<div class="meta">共${p.summary.cases}件，未办结${p.summary.open}件${p.summary.next_deadline ? `，最近期限 ${esc(p.summary.next_deadline)}` : ""}</div></div>` +
      `<table class="cases">${p.cases.map((c) => `<tr data-case="${esc(c.case_no)}"><td>${esc(c.case_no)}</td><td>${esc(c.item_name)}</td>` +
        `<td>${esc(c.department)}</td><td>${esc(c.status_name)}</td><td><span class="light ${esc(c.light)}"></span>${esc(c.deadline)}</td></tr>`).join("")}</table>` +
      `<div class="act"><input class="attach-no" placeholder="办件编号" maxlength="30"><button data-attach="${esc(p.project_no)}">关联办件</button>` +
      `<a href="/project-progress?project=${encodeURIComponent(p.project_no)}&code=${encodeURIComponent(p.query_code)}" target="_blank">项目进度页</a></div></div>`).join("")
      : "<div class='empty'>暂无代办项目</div>";
    document.querySelectorAll("[data-attach]").forEach((b) => {
      b.onclick = async () => {
        const no = b.closest(".project").querySelector(".attach-no").value.trim();
        try {
          await session.call("POST", `/assist/projects/${encodeURIComponent(b.dataset.attach)}/cases`, { case_no: no });
          toast("办件已关联到项目");
          loadProjects();
        } catch (err) { toast(err.message, true); }
      };
    });
  }
  async function loadProjects() {
    renderProjects(await session.call("GET", "/assist/projects"));
    renderDue(await session.call("GET", "/assist/due"));
  }
  $("project-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await session.call("POST", "/assist/projects", { name: $("pj-name").value,
        enterprise: { name: $("pj-enterprise").value, credit_code: $("pj-code").value },
        representative: { role: $("pj-role").value, name: $("pj-rep-name").value, kind: "id_card", number: $("pj-rep-id").value } });
      toast("代办项目已开设");
      $("project-form").reset();
      loadProjects();
    } catch (err) { toast(err.message, true); }
  });

  async function start(staff) {
    me = staff;
    $("who").textContent = `${me.name}（${me.staff_no}）`;
    items = await Hall.api("GET", "/items");
    $("p-items").innerHTML = items.map((i) => `<option value="${esc(i.code)}">${esc(i.name)}</option>`).join("");
    showDuty(await session.call("GET", "/helpers/duty"));
    renderAttorneys(await session.call("GET", "/powers-of-attorney"));
    loadProjects();
  }
})();
