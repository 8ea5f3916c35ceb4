/* Window console: sign in, call, serve, refer; live from the window:<n> room. */
(function () {
  "use strict";
  const n = Hall.pathNumber();
  const $ = (id) => document.getElementById(id);
  const esc = Hall.escapeHtml;
  const toast = Hall.toast;
  let me = null;
  let view = null;
  let socket = null;
  const session = Hall.staffSession({
    onSignedIn: (staff) => { me = staff; listen(); return refresh(); },
    onSignedOut: () => {   // the session closed the room: no "connection lost" under the login form
      me = null; socket = null;
      $("conn").textContent = ""; $("conn").className = "conn";
    },
  });

  async function call(method, path, body) {
    try {
      return await session.call(method, path, body);
    } catch (err) {
      if (err.status !== 401) toast(err.message, true);   // a 401 brings the login form back, saying so
      throw err;
    }
  }
  function showOnly(id) {
    ["signin", "desk"].forEach((s) => $(s).classList.toggle("hidden", s !== id));
  }

  async function refresh() {
    if (!me) return;
    view = await call("GET", `/windows/${n}/console`);
    render();
  }

  async function render() {
    const w = view.window;
    $("win-title").textContent = `${w.number}号窗口 · ${w.name}`;
    $("hall-name").textContent = view.hall.name;
    if (!w.staff || !me || w.staff.staff_no !== me.staff_no) { showOnly("signin"); return; }
    showOnly("desk");
    const t = view.current_ticket;
    $("cur-number").textContent = t ? t.number : "—";
    $("cur-status").textContent = w.status === "paused" ? "暂停服务" : t ? t.status_name : "空闲";
    $("cur-meta").textContent = t ? `${t.queue_name}${t.item_name ? " · " + t.item_name : ""}${t.green_channel ? " · 绿色通道" : ""}` +
      `${t.elderly ? " · 老年人（读卡）" : ""}${t.applicant ? " · " + t.applicant.name + " " + t.applicant.id_number : ""}` +
      ` · 取号 ${Hall.timeOf(t.issued_at)}` : "按“下一位”呼叫等候群众";
    const status = t ? t.status : null;
    const enable = { "call-next": w.status !== "paused", recall: status === "called", start: status === "called",
      finish: status === "called" || status === "serving", "no-show": status === "called",
      transfer: !!t, hold: !!t,
      // 绿色通道 verified at the window: the citizen shows what entitles them, or goes back to the line
      "green-confirm": !!t && t.green_channel && (status === "called" || status === "serving"),
      "green-revoke": !!t && t.green_channel && (status === "called" || status === "serving") };
    document.querySelectorAll("[data-act]").forEach((b) => { b.disabled = !enable[b.dataset.act]; });
    $("btn-pause").disabled = w.status === "paused" || !!t;
    $("btn-resume").disabled = w.status !== "paused";
    $("waiting").innerHTML = view.waiting.map((x) => `<li data-id="${x.id}"><b>${esc(x.number)}</b>` +
      `${x.urgent ? '<span class="tag urgent">急事急办</span>' : ""}${x.green_channel ? '<span class="tag green">绿色通道</span>' : ""}${x.elderly ? '<span class="tag green">老年人</span>' : ""}${x.referred ? '<span class="tag ref">转入</span>' : ""}` +
      ` <small>${Hall.timeOf(x.issued_at)}</small></li>`).join("") || "<li>暂无等候</li>";
    $("waiting-count").textContent = `（${view.waiting.length}）`;
    $("held").innerHTML = view.held.map((x) => `<li>${esc(x.number)} <button class="btn" data-callback="${x.id}">回呼</button></li>`).join("") || "<li>无</li>";
    document.querySelectorAll("[data-callback]").forEach((b) => {
      b.onclick = () => act(`/tickets/${b.dataset.callback}/call-back`);
    });
    await renderGuide(t);
    await renderReady();
  }

  async function renderReady() {
    const cases = await session.call("GET", `/windows/${n}/ready-cases`);
    $("ready").innerHTML = cases.map((c) => `<li data-ready="${esc(c.case_no)}"><b>${esc(c.item_name)}</b> ${esc(c.applicant.name)} · ` +
      `${esc(c.status_name)}<br><input class="cert" placeholder="证照编号，多个用逗号分隔"> <button class="btn ok hand-out">发证办结</button></li>`).join("") || "<li>无</li>";
    document.querySelectorAll(".hand-out").forEach((b) => {
      b.onclick = async () => {
        const li = b.closest("li");
        const certificates = li.querySelector(".cert").value.split(/[,，]/).map((x) => x.trim()).filter(Boolean);
        try {
          const c = await call("POST", `/cases/${encodeURIComponent(li.dataset.ready)}/complete`, { certificates: certificates });
          toast(`已办结：${c.case_no}`);
          openPdf(`/cases/${encodeURIComponent(c.case_no)}/completion.pdf`);
        } catch (err) { /* shown */ }
        renderReady();
      };
    });
  }

  let allItems = null;
  let chosenItem = null;

  let guideKey = null;   // what the acceptance form shows; rebuilt only when it changes

  async function renderGuide(t) {
    if (!t) { $("guide").innerHTML = ""; chosenItem = null; guideKey = null; return; }
    if (!allItems) allItems = await Hall.api("GET", "/items");
    const comprehensive = view.window.department === "综合受理";
    const mine = allItems.filter((i) => comprehensive || view.window.queues.includes(i.queue));
    const app = onlineFor(t);
    const code = app ? app.item_code : chosenItem && chosenItem.ticket === t.id ? chosenItem.code : (t.item || (mine[0] && mine[0].code));
    chosenItem = { ticket: t.id, code: code };
    if (guideKey === `${t.id}:${code}:${app ? app.application_no : ""}`) return;   // live updates must not wipe what staff are typing
    guideKey = `${t.id}:${code}:${app ? app.application_no : ""}`;
    const item = allItems.find((i) => i.code === code);
    if (!item) { $("guide").innerHTML = ""; return; }
    const choices = mine.some((i) => i.code === code) ? mine : mine.concat([item]);
    $("guide").innerHTML = onlineRow() + `<h3>受理事项 <select id="item-select">${choices.map((i) =>
        `<option value="${esc(i.code)}"${i.code === code ? " selected" : ""}>${esc(i.name)}</option>`).join("")}</select></h3>` +
      `<div>承诺${item.promised_days}个工作日 · ${esc(item.fee)} · 依据：${esc(item.basis)}</div>` +
      `<h3>材料核对（勾选已收取的材料）</h3>` + item.materials.map((m) => `<label><input type="checkbox" class="mat" value="${esc(m.code)}"> ` +
      `${esc(m.name)}（${esc(m.form)}${m.copies}份${m.required ? "，必须" : ""}）</label>`).join("") +
      `<h3>申请人</h3><div class="applicant"><input id="ap-name" placeholder="姓名"> <input id="ap-id" placeholder="身份证号码" maxlength="18"> ` +
      `<input id="ap-phone" placeholder="联系电话"> <input id="ap-attorney" inputmode="numeric" placeholder="授权委托书编号（帮办代办时填）"> ` +
      `<button class="btn primary" id="btn-accept">受理</button></div><div id="accept-result"></div>`;
    $("item-select").onchange = () => { chosenItem = { ticket: t.id, code: $("item-select").value }; renderGuide(t); };
    $("btn-accept").onclick = () => acceptCase(t, item);
    $("online-form").onsubmit = (e) => { e.preventDefault(); loadOnline(t); };
    if (app) fillFromOnline(app);
  }

  // ---------------------------------------------------------------- 一网通办: an application made online
  let online = null;   // {ticket, app}: the application loaded for the current ticket

  function onlineFor(t) { return online && online.ticket === t.id ? online.app : null; }

  function onlineRow() {
    return `<form id="online-form" class="online-row"><label>网上申请编号 <input id="online-no" maxlength="30" ` +
      `placeholder="一网通办网上申请编号"></label> <button class="btn" id="btn-online">载入网上申请</button> ` +
      `<span id="online-info"></span></form>`;
  }

  async function loadOnline(t) {
    const no = $("online-no").value.trim();
    if (!no) return;
    let app;
    try { app = await call("GET", `/applications/${encodeURIComponent(no)}`); } catch (err) { return; }
    if (app.status !== "pre_review") {
      $("online-info").textContent = `该网上申请已受理（办件编号 ${app.case_no}）`;
      return;
    }
    online = { ticket: t.id, app: app };
    renderGuide(t);
  }

  /* The application's item is chosen, its materials are ticked as received online (not to be
   * asked for again), its applicant is shown as stored (masked) and sent by the server. */
  function fillFromOnline(app) {
    $("online-no").value = app.application_no;
    $("online-info").textContent = `已载入：${app.item_name} · ${app.applicant.name} · 外部编号 ${app.external_no}（网上预审）`;
    const sent = new Set(app.materials.map((m) => m.code));
    document.querySelectorAll(".mat").forEach((box) => {
      if (!sent.has(box.value)) return;
      box.checked = true; box.disabled = true; box.classList.add("online");
      box.parentElement.insertAdjacentHTML("beforeend", ' <span class="tag green">网上已提交</span>');
    });
    [["ap-name", app.applicant.name], ["ap-id", app.applicant.id_number], ["ap-phone", app.applicant.phone]].forEach(([id, v]) => {
      $(id).value = v || ""; $(id).readOnly = true;
    });
  }

  async function openPdf(path) {
    if (!(await session.openFile(path))) toast("文书打开失败", true);
  }

  async function acceptCase(t, item) {
    const app = onlineFor(t);
    const body = app
      ? { ticket_id: t.id, item_code: item.code, application_no: app.application_no,   // its applicant is the server's
          materials: Array.from(document.querySelectorAll(".mat:checked:not(.online)")).map((c) => c.value) }
      : { ticket_id: t.id, item_code: item.code,
      materials: Array.from(document.querySelectorAll(".mat:checked")).map((c) => c.value),
      applicant: { name: $("ap-name").value.trim(), id_number: $("ap-id").value.trim(), phone: $("ap-phone").value.trim() } };
    const attorney = ($("ap-attorney") ? $("ap-attorney").value.trim() : "");
    if (attorney) body.attorney_id = Number(attorney);   // 帮办代办: the helper's 授权委托书
    const out = $("accept-result");
    try {
      const c = await session.call("POST", "/cases", body);
      out.innerHTML = `<p class="ok-msg">已受理${c.application_no ? "网上申请 " + esc(c.application_no) : ""}：办件编号 <b>${esc(c.case_no)}</b>，查询码 ${esc(c.query_code)}，` +
        `${c.status === "completed" ? "已当场办结" : "承诺 " + c.deadline + " 前办结" + (c.provisional ? "（暂定期限）" : "")}。` +
        `${c.attorney ? `代办人 ${esc(c.attorney.helper.name)}（工号 ${esc(c.attorney.helper.staff_no)}）。` : ""} <button class="btn" id="receipt">打印受理通知书</button></p>`;
      $("receipt").onclick = () => openPdf(`/cases/${encodeURIComponent(c.case_no)}/receipt.pdf`);
      loadFees(c.case_no);
    } catch (err) {
      if (err.code === "materials_incomplete") {
        out.innerHTML = `<p class="warn-msg">材料不齐全（缺 ${err.body.missing.length} 项），已生成一次性告知书 ${esc(err.body.notice_no)}。 ` +
          `<button class="btn" id="notice">打印一次性告知书</button></p>`;
        $("notice").onclick = () => openPdf(`/notices/${encodeURIComponent(err.body.notice_no)}.pdf`);
      } else if (err.status !== 401) {
        toast(err.message, true);
      }
    }
  }

  // ---------------------------------------------------------------- 收费 (统一收费)
  const yuan = (v) => Number(v).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  let feeCase = null;

  async function loadFees(caseNo) {
    feeCase = caseNo;
    $("fee-case").value = caseNo;
    let f;
    try { f = await call("GET", `/cases/${encodeURIComponent(caseNo)}/payments`); } catch (err) { $("fees").innerHTML = ""; return; }
    const rule = f.fee_rule;
    const standing = f.payments.find((p) => p.kind === "charge" && !p.refunded);
    let html = `<div class="fee-rule">${esc(f.case_no)} · ${esc(f.item_name)}<br>收费标准：${esc(f.fee)}` +
      `<br>收费规则：<b id="fee-rule-text">${esc(f.fee_rule_text)}</b></div>`;
    if (!f.chargeable) {
      html += '<p class="muted" id="fee-none">此事项不收费，不能收取任何费用。</p>';
    } else if (standing) {
      html += `<p class="ok-msg">已缴费 ${yuan(standing.amount)} 元（${esc(standing.method_name)}），财政电子票据号 ${esc(standing.receipt_no)}。</p>`;
    } else {
      let amount;
      if (rule.kind === "choice") {
        amount = `<label>金额（元）<select id="fee-amount">${rule.amounts.map((a) => `<option value="${a}">${yuan(a)}</option>`).join("")}</select></label>`;
      } else if (rule.kind === "fixed") {
        amount = `<label>金额（元）<input id="fee-amount" value="${rule.amounts[0]}" readonly size="10"></label>`;
      } else {
        amount = `<label>计费基数（元）<input id="fee-base" inputmode="decimal" size="12"></label> ` +
          `<label>金额（元）<input id="fee-amount" inputmode="decimal" size="10"></label> <span id="fee-range" class="muted"></span>`;
      }
      html += `<form id="fee-form" class="fee-row">${amount} <label>支付方式<select id="fee-method">` +
        f.methods.map((m) => `<option value="${esc(m.code)}">${esc(m.name)}</option>`).join("") + "</select></label> " +
        `<input id="fee-receipt" placeholder="财政电子票据号" maxlength="40" required> <button class="btn primary" id="btn-charge">收费</button></form>`;
    }
    html += f.payments.length ? '<table class="fee-list"><tr><th>时间</th><th>类型</th><th class="num">金额（元）</th><th>方式</th><th>票据号</th><th></th></tr>' +
      f.payments.map((p) => `<tr data-payment="${p.id}"><td>${Hall.timeOf(p.paid_at)}</td><td>${p.kind === "refund" ? "退费" : "收费"}</td>` +
        `<td class="num">${yuan(p.amount)}</td><td>${esc(p.method_name)}</td><td>${esc(p.receipt_no || "—")}</td><td>` +
        (p.kind === "refund" ? esc(p.reason) : p.refunded ? "已退费" : p.refund_request ? "退费审批中" :
          '<button class="btn warn ask-refund">申请退费</button>') + "</td></tr>").join("") + "</table>"
      : '<p class="muted">尚无收费记录</p>';
    $("fees").innerHTML = html;
    if ($("fee-base")) {
      $("fee-base").oninput = () => {
        const base = parseFloat($("fee-base").value);
        $("fee-range").textContent = base > 0 ? `应收 ${yuan(base * rule.percent[0] / 100)}—${yuan(base * rule.percent[1] / 100)} 元` : "";
      };
    }
    if ($("fee-form")) $("fee-form").onsubmit = (e) => { e.preventDefault(); charge(f, rule); };
    document.querySelectorAll(".ask-refund").forEach((b) => {
      b.onclick = async () => {
        const reason = window.prompt("申请退费的原因（由大厅管理人员审批）", "");
        if (!reason) return;
        try {
          await call("POST", `/payments/${b.closest("tr").dataset.payment}/refund-request`, { reason: reason });
          toast("已提交退费申请，等待管理人员审批");
        } catch (err) { /* shown */ }
        loadFees(caseNo);
      };
    });
  }

  async function charge(f, rule) {
    const body = { amount: $("fee-amount").value.trim(), method: $("fee-method").value, receipt_no: $("fee-receipt").value.trim() };
    if (rule.kind === "percent") body.base = $("fee-base").value.trim();
    try {
      const p = await call("POST", `/cases/${encodeURIComponent(f.case_no)}/payments`, body);
      toast(`已收费 ${yuan(p.amount)} 元，票据号 ${p.receipt_no}`);
    } catch (err) { /* shown */ }
    loadFees(f.case_no);
  }

  $("fee-lookup").onsubmit = (e) => {
    e.preventDefault();
    const no = $("fee-case").value.trim();
    if (no) loadFees(no);
  };

  async function act(path, body) {
    try { await call("POST", path, body || {}); } catch (err) { /* shown */ }
    await refresh();
  }
  async function ticketAct(action, body) {
    const t = view && view.current_ticket;
    if (t) await act(`/tickets/${t.id}/${action}`, body);
  }

  $("btn-sign-in").onclick = () => act(`/windows/${n}/sign-in`);
  $("btn-sign-out").onclick = () => act(`/windows/${n}/sign-out`);
  $("btn-pause").onclick = () => act(`/windows/${n}/pause`, { reason: "暂停服务" });
  $("btn-resume").onclick = () => act(`/windows/${n}/resume`);
  const actions = {
    "call-next": async () => {
      try { await call("POST", `/windows/${n}/call-next`); } catch (err) { /* queue_empty shown */ }
      await refresh();
    },
    recall: () => act(`/windows/${n}/recall`),
    start: () => ticketAct("start"),
    finish: () => ticketAct("finish"),
    "no-show": () => ticketAct("no-show"),
    hold: () => ticketAct("hold", { reason: "群众补充材料" }),
    transfer: openTransfer,
    "green-confirm": () => ticketAct("green-channel/confirm", { basis: "已核验优待证件" }),
    "green-revoke": () => {
      const reason = window.prompt("取消绿色通道的原因（号票回到正常排队位置）", "无优待证件");
      if (reason) ticketAct("green-channel/revoke", { reason });
    },
  };
  document.querySelectorAll("[data-act]").forEach((b) => { b.onclick = () => actions[b.dataset.act](); });
  document.addEventListener("keydown", (e) => {
    const map = { F1: "call-next", F2: "recall", F3: "start", F4: "finish" };
    if (map[e.key] && me && !$("desk").classList.contains("hidden")) {
      e.preventDefault();
      const b = document.querySelector(`[data-act="${map[e.key]}"]`);
      if (!b.disabled) actions[map[e.key]]();
    }
  });

  async function openTransfer() {
    const [windows, queues] = await Promise.all([Hall.api("GET", "/windows"), Hall.api("GET", "/queues")]);
    $("to-window").innerHTML = windows.filter((w) => w.number !== n)
      .map((w) => `<option value="${w.number}">${w.number}号 ${esc(w.name)}</option>`).join("");
    $("to-queue").innerHTML = queues.map((q) => `<option value="${q.code}">${esc(q.name)}</option>`).join("");
    $("transfer-dialog").showModal();
  }
  $("transfer-dialog").addEventListener("close", () => {
    if ($("transfer-dialog").returnValue !== "ok") return;
    const kind = document.querySelector('input[name="kind"]:checked').value;
    const body = { reason: $("transfer-reason").value || "转至对应窗口办理" };
    if (kind === "window") body.to_window = parseInt($("to-window").value, 10); else body.to_queue = $("to-queue").value;
    ticketAct("transfer", body);
  });

  function listen() {   // the window's room is for its staff: joined with the login token
    if (socket) socket.disconnect();
    socket = session.live(`window:${n}`, {
      state: (s) => { view = s; if (me) render(); },
      window_changed: () => refresh(),
      review_changed: () => { if (me) renderReady(); },
      waiting_changed: () => refresh(),
      alert: (a) => toast(a.message || "有新的提醒", true),
    }, { onStatus: (s) => { $("conn").textContent = s === "online" ? "" : "连接中断，正在重连……"; $("conn").className = "conn " + s; } });
  }

})();
