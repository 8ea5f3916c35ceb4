/* Openness and oversight for the centre's managers and its efficiency supervisors (效能监督员):
 * announcements through their review, complaints, information requests, inspections. */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const esc = Hall.escapeHtml;
  let me = null;
  let timezone = null;   // the hall's, from GET /hall
  async function month() {   // this month in the hall's zone, "2026-11"
    if (!timezone) timezone = (await Hall.hallInfo(session.token())).timezone;
    return Hall.monthIn(timezone);
  }
  const light = (l) => (l ? `<span class="light ${l}" title="${l}"></span>` : "—");
  const isManager = () => me && ["manager", "admin"].includes(me.role);

  const session = Hall.staffSession({
    roles: ["manager", "admin", "supervisor"], refuse: "仅中心负责人和效能监督员可以使用", onSignedIn: start,
  });
  const call = session.call;
  function say(id, text, bad) { $(id).textContent = text; $(id).className = bad ? "error" : "muted"; }
  const form = (f) => Object.fromEntries(new FormData(f).entries());

  document.querySelectorAll("#tabs button").forEach((b) => {
    b.onclick = () => {
      document.querySelectorAll("#tabs button").forEach((x) => x.classList.toggle("active", x === b));
      document.querySelectorAll("main.pane").forEach((p) => p.classList.toggle("hidden", p.id !== b.dataset.tab));
      LOADERS[b.dataset.tab]().catch((err) => alert(err.message));
    };
  });

  // ------------------------------------------------------------ announcements
  async function loadAnnouncements() {
    const rows = await call("GET", "/announcements/manage");
    const STATE = { showing: "公示中", scheduled: "待公示", archived: "已归档" };
    $("announcement-list").innerHTML = "<tr><th>标题</th><th>公示期</th><th>状态</th><th>起草</th><th>审核</th><th></th></tr>" +
      rows.map((a) => `<tr data-id="${a.id}"><td>${esc(a.title)} <span class="tag">${esc(a.category_name)}</span></td>` +
        `<td>${a.starts_on} 至 ${a.ends_on}</td><td>${esc(a.status_name)}${a.state ? "（" + STATE[a.state] + "）" : ""}</td>` +
        `<td>${esc(a.author || "")}</td><td>${esc(a.reviewer || "")}${a.reviewed_at ? "<br><small>" + Hall.timeOf(a.reviewed_at) + " " + a.reviewed_at.slice(0, 10) + "</small>" : ""}</td><td>` +
        (a.status === "pending" && a.author !== me.name ? `<button class="secondary" data-act="approve">审核通过</button><button class="danger" data-act="reject">退回</button>` : "") +
        (a.status === "approved" && a.state !== "archived" ? `<button class="danger" data-act="withdraw">撤回</button>` : "") + `</td></tr>`).join("");
    $("announcement-list").querySelectorAll("button").forEach((b) => {
      b.onclick = async () => {
        const id = b.closest("tr").dataset.id;
        try {
          if (b.dataset.act === "withdraw") await call("POST", `/announcements/${id}/withdraw`, {});
          else await call("POST", `/announcements/${id}/review`, { approve: b.dataset.act === "approve",
            note: b.dataset.act === "reject" ? (prompt("退回理由") || "") : "" });
          await loadAnnouncements();
        } catch (err) { alert(err.message); }
      };
    });
  }
  $("draft-form").onsubmit = async (e) => {
    e.preventDefault();
    try { await call("POST", "/announcements", form(e.target)); e.target.reset(); say("draft-status", "已提交，待另一名负责人审核"); await loadAnnouncements(); }
    catch (err) { say("draft-status", err.message, true); }
  };

  // ------------------------------------------------------------ complaints
  async function loadComplaints() {
    const rows = await call("GET", "/complaints");
    $("complaint-list").innerHTML = "<tr><th>灯</th><th>编号</th><th>类型</th><th>标题</th><th>涉及</th><th>期限</th><th>承办人</th><th>状态</th><th>办理</th></tr>" +
      rows.map((c) => `<tr data-no="${esc(c.complaint_no)}" data-kind="${c.kind}"><td>${light(c.light)}</td><td>${esc(c.complaint_no)}</td>` +
        `<td>${esc(c.kind_name)}</td><td title="${esc(c.content)}">${esc(c.title)}</td>` +
        `<td>${c.window ? c.window + "号" : ""}${c.staff ? " " + esc(c.staff.name) : ""}</td><td>${c.deadline}</td>` +
        `<td>${c.owner ? esc(c.owner.name) : "—"}</td><td>${esc(c.status_name)}${c.finding_name ? "·" + esc(c.finding_name) : ""}` +
        `${c.satisfaction_name ? "·群众" + esc(c.satisfaction_name) : ""}</td><td>` +
        (["received", "assigned"].includes(c.status) ? `<button class="secondary" data-act="assign">分派</button><button class="secondary" data-act="reply">答复</button>` : "") +
        `</td></tr>`).join("");
    $("complaint-list").querySelectorAll("button").forEach((b) => {
      b.onclick = async () => {
        const tr = b.closest("tr"), no = tr.dataset.no;
        try {
          if (b.dataset.act === "assign") {
            const owner = prompt("承办人账号（如 staff03）"); if (!owner) return;
            await call("POST", `/complaints/${no}/assign`, { owner: owner });
          } else {
            const reply = prompt("答复内容"); if (!reply) return;
            let finding = null;
            if (tr.dataset.kind === "complaint") {
              finding = { "1": "justified", "2": "partly", "3": "unjustified" }[prompt("核查结论：1 属实　2 部分属实　3 不属实") || ""];
              if (!finding) return;
            }
            await call("POST", `/complaints/${no}/reply`, { reply: reply, finding: finding });
          }
          await loadComplaints();
        } catch (err) { alert(err.message); }
      };
    });
  }
  $("complaint-form").onsubmit = async (e) => {
    e.preventDefault();
    const f = form(e.target);
    try {
      const r = await call("POST", "/complaints", { kind: f.kind, title: f.title, content: f.content,
        window: f.window ? Number(f.window) : null, contact: { name: f.name, phone: f.phone } });
      e.target.reset(); say("complaint-status", `已登记：编号 ${r.complaint_no}，查询码 ${r.query_code}，期限 ${r.deadline}`);
      await loadComplaints();
    } catch (err) { say("complaint-status", err.message, true); }
  };

  // ------------------------------------------------------------ information requests
  const REPLY = { "1": "disclose", "2": "partial", "3": "withhold" };
  async function loadInfo() {
    const rows = await call("GET", "/info-requests");
    $("info-list").innerHTML = "<tr><th>灯</th><th>编号</th><th>申请人</th><th>所需信息</th><th>收到</th><th>期限</th><th>状态</th><th>办理</th></tr>" +
      rows.map((r) => `<tr data-no="${esc(r.request_no)}"><td>${light(r.light)}</td><td>${esc(r.request_no)}</td>` +
        `<td>${esc(r.applicant_name)}</td><td>${esc(r.description)}</td><td>${r.received_on}</td>` +
        `<td>${r.deadline}${r.extension_days ? `<br><small>延长${r.extension_days}日（${esc(r.extension_approved_by || "")}批准）</small>` : ""}</td>` +
        `<td>${esc(r.status_name)}${r.reply_type_name ? "·" + esc(r.reply_type_name) : ""}</td><td>` +
        (r.status !== "replied" ? (isManager() && !r.extension_days ? `<button class="secondary" data-act="extend">批准延期</button>` : "") +
          `<button class="secondary" data-act="reply">答复</button>` : "") + `</td></tr>`).join("");
    $("info-list").querySelectorAll("button").forEach((b) => {
      b.onclick = async () => {
        const no = b.closest("tr").dataset.no;
        try {
          if (b.dataset.act === "extend") {
            const days = Number(prompt("延长的工作日数（最多20）", "20")); if (!days) return;
            await call("POST", `/info-requests/${no}/extend`, { working_days: days, reason: prompt("延期理由") || "" });
          } else {
            const type = REPLY[prompt("答复类型：1 予以公开　2 部分公开　3 不予公开") || ""]; if (!type) return;
            const basis = type === "disclose" ? "" : (prompt("法律依据和理由") || "");
            await call("POST", `/info-requests/${no}/reply`, { reply_type: type, basis: basis, reply: prompt("答复内容") || "见答复告知书" });
          }
          await loadInfo();
        } catch (err) { alert(err.message); }
      };
    });
  }
  $("info-form").onsubmit = async (e) => {
    e.preventDefault();
    const f = form(e.target);
    try {
      const r = await call("POST", "/info-requests", { applicant: { name: f.name, id_number: f.id_number || null, phone: f.phone },
        description: f.description });
      e.target.reset(); say("info-status", `已登记：编号 ${r.request_no}，答复期限 ${r.deadline}`); await loadInfo();
    } catch (err) { say("info-status", err.message, true); }
  };

  // ------------------------------------------------------------ inspections
  async function loadInspections() {
    const rows = await call("GET", `/inspections?month=${await month()}`);
    $("inspection-list").innerHTML = "<tr><th>时间</th><th>方式</th><th>窗口</th><th>工作人员</th><th>结果</th><th>说明</th><th>检查人</th></tr>" +
      rows.map((i) => `<tr><td>${i.inspected_at.slice(0, 16).replace("T", " ")}</td><td>${esc(i.mode_name)}</td><td>${i.window}号</td>` +
        `<td>${i.staff ? esc(i.staff.name) : "—"}</td><td${i.finding === "ok" ? "" : ' class="error"'}>${esc(i.finding_name)}</td>` +
        `<td>${esc(i.note)}</td><td>${esc(i.inspector || "")}</td></tr>`).join("");
  }
  $("inspection-form").onsubmit = async (e) => {
    e.preventDefault();
    const f = form(e.target);
    try {
      const r = await call("POST", "/inspections", { ...f, window: Number(f.window) });
      e.target.reset();
      const w = r.window_score;
      say("inspection-status", "已记录" + (w ? `：${f.window}号窗口${w.month}得分 ${w.score.toFixed(2)}，本月扣分 ${w.deductions.toFixed(1)}` : ""));
      await loadInspections();
    }
    catch (err) { say("inspection-status", err.message, true); }
  };
  $("report").onclick = async () => {
    if (!(await session.openFile(`/supervision-report.pdf?month=${await month()}`))) alert("月报生成失败");
  };

  const LOADERS = { announcements: loadAnnouncements, complaints: loadComplaints, info: loadInfo, inspections: loadInspections };

  async function start(staff) {
    me = staff;
    if (!isManager()) {   // supervisors: no announcements
      document.querySelectorAll(".managers").forEach((b) => b.classList.add("hidden"));
      document.querySelector('#tabs [data-tab="complaints"]').click();
    } else {
      await loadAnnouncements();
    }
  }
})();
