/* The hall manager's pages: overview and supervision (live), staffing simulation, devices. */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const esc = Hall.escapeHtml;
  const session = Hall.staffSession({
    roles: ["manager", "admin"], refuse: "仅大厅管理人员可以登录", elsewhere: { regional: "/region" },
    onSignedIn: start,
  });
  const call = session.call;

  // ---------------------------------------------------------------- tabs
  const loaders = { overview: loadOverview, staffing: () => {}, devices: loadDevices, fees: loadFees };
  document.querySelectorAll("#tabs button").forEach((b) => {
    b.onclick = () => {
      document.querySelectorAll("#tabs button").forEach((x) => x.classList.toggle("active", x === b));
      Object.keys(loaders).forEach((id) => $(id).classList.toggle("hidden", id !== b.dataset.tab));
      Promise.resolve(loaders[b.dataset.tab]()).catch(failed);
    };
  });
  function failed(err) {   // a 401 is the session's: the login form is back
    if (err.status !== 401) Hall.toast(err.message, true);
  }

  // ---------------------------------------------------------------- overview (live)
  async function loadOverview() {
    const [cases, records, dash] = await Promise.all([call("GET", "/supervision"), call("GET", "/accountability"),
                                                      call("GET", "/dashboard")]);
    const k = dash.today;
    $("kpis").innerHTML = Hall.kpiTiles([["今日取号", k.issued], ["等候中", k.waiting], ["已办结", k.served],
      ["平均等候(分)", k.avg_wait_minutes], ["平均办理(分)", k.avg_service_minutes],
      ["黄灯/红灯办件", `${dash.lights.yellow}/${dash.lights.red}`, dash.lights.red ? "red" : dash.lights.yellow ? "yellow" : ""],
      ["待处理差评", dash.bad_ratings_open, dash.bad_ratings_open ? "red" : ""]]);
    const top = Math.max(1, ...dash.month.map((d) => d.served));
    $("bars").innerHTML = dash.month.map((d) => `<div class="bar" title="${d.date}：${d.served}件" data-height="${d.served / top * 100}">` +
      `<span>${parseInt(d.date.slice(8), 10)}</span></div>`).join("");
    // heights set through the CSSOM: the CSP refuses style attributes in markup
    $("bars").querySelectorAll(".bar").forEach((bar) => { bar.style.height = `${bar.dataset.height}%`; });
    $("cases").innerHTML = "<tr><th>灯</th><th>办件编号</th><th>事项</th><th>部门</th><th>受理人</th><th>期限</th><th>状态</th></tr>" +
      cases.map((c) => `<tr data-case="${esc(c.case_no)}"><td><span class="light ${c.light}"></span></td><td>${esc(c.case_no)}</td><td>${esc(c.item_name)}</td>` +
        `<td>${esc(c.department)}</td><td>${esc(c.staff.name)}</td><td>${c.deadline}${c.provisional ? '<span class="muted">（暂定）</span>' : ""}</td><td>${esc(c.status_name)}</td></tr>`).join("");
    $("records").innerHTML = "<tr><th>时间</th><th>类型</th><th>办件</th><th>责任人</th><th>说明</th></tr>" +
      records.map((r) => `<tr><td>${r.created_at.slice(0, 16).replace("T", " ")}</td><td>${r.kind === "overdue" ? "超期未办结" : "受理后要求补件"}</td>` +
        `<td>${esc(r.case_no || "")}</td><td>${r.staff ? esc(r.staff.name + "（" + r.staff.staff_no + "）") : ""}</td><td>${esc(r.detail)}</td></tr>`).join("");
  }
  const STATUS = { closed: "未开放", open: "空闲", paused: "暂停", serving: "办理中" };
  const live = { windows: [], queues: [] };
  function renderLive() {
    $("windows").innerHTML = "<tr><th>窗口</th><th>人员</th><th>状态</th><th>当前号</th></tr>" + live.windows.map((w) =>
      `<tr><td>${w.number} ${esc(w.name)}</td><td>${w.staff ? esc(w.staff.name) : ""}</td><td>${STATUS[w.status]}</td>` +
      `<td>${esc(w.current_ticket || "")}</td></tr>`).join("");
    $("queues").innerHTML = "<tr><th>队列</th><th>等候</th><th>预计</th></tr>" + live.queues.map((q) =>
      `<tr><td>${esc((q.prefix || "") + " " + (q.name || q.queue))}</td><td>${q.waiting}</td><td>${q.estimated_wait_minutes} 分钟</td></tr>`).join("");
  }
  function listen() {
    session.live("manager", {
      state: (s) => { live.windows = s.windows; live.queues = s.queues; $("title").textContent = s.hall.name + " · 大厅管理"; renderLive(); },
      window_changed: (w) => { live.windows = live.windows.map((x) => x.number === w.number ? w : x); renderLive(); },
      queue_changed: (q) => { live.queues.forEach((x) => { if (x.code === q.queue) Object.assign(x, q); }); renderLive(); },
      alert: (a) => {
        const li = document.createElement("li"); li.textContent = a.message;
        const list = $("alerts");
        if (list.firstElementChild && list.firstElementChild.classList.contains("muted")) list.innerHTML = "";
        list.prepend(li); loadOverview().catch(failed);
      },
    });
  }

  // ---------------------------------------------------------------- staffing
  const QUEUE_NAMES = {};
  $("sim-form").onsubmit = async (e) => {
    e.preventDefault();
    const body = { target_minutes: parseFloat($("sim-target").value) || 30 };
    if ($("sim-date").value) body.date = $("sim-date").value;
    if ($("sim-tickets").value) body.tickets = parseInt($("sim-tickets").value, 10);
    if ($("sim-windows").value) body.windows_open = parseInt($("sim-windows").value, 10);
    $("sim-status").textContent = "模拟中……";
    try {
      const r = await call("POST", "/simulations", body);
      $("sim-status").textContent = "";
      $("sim-title").textContent = `模拟结果：${r.date}，取号 ${r.tickets} 张，开放窗口 ${r.windows_open} 个，目标 ${r.target_minutes} 分钟`;
      $("sim-result").innerHTML = '<tr><th>队列</th><th class="num">取号</th><th class="num">等候中位数(分)</th>' +
        '<th class="num">90%不超过(分)</th><th class="num">最长(分)</th><th class="num">所需窗口</th></tr>' +
        Object.entries(r.queues).map(([code, q]) => `<tr class="${q.p90 > r.target_minutes ? "over" : ""}"><td>${esc(QUEUE_NAMES[code] || code)}</td>` +
          `<td class="num">${q.tickets}</td><td class="num">${q.p50}</td><td class="num">${q.p90}</td><td class="num">${q.max}</td>` +
          `<td class="num"><b>${r.windows_needed[code]}</b></td></tr>`).join("");
    } catch (err) { $("sim-status").textContent = err.message; }
  };

  // ---------------------------------------------------------------- devices
  const KIND_PAGES = { kiosk: "/kiosk", display: "/display", window_screen: "/window-screen/", rating_pad: "/rating-pad/" };
  async function loadDevices() {
    const list = await call("GET", "/devices");
    $("device-list").innerHTML = "<tr><th>编号</th><th>类型</th><th>名称</th><th>窗口</th><th>打印机</th><th>登记时间</th><th>状态</th><th></th></tr>" +
      (list.length ? list.map((d) => `<tr><td>${d.id}</td><td>${esc(d.kind_name)}</td><td>${esc(d.name)}</td><td>${d.window || ""}</td>` +
        `<td>${esc(d.printer || "")}${d.printer_fault ? `<br><span class="error">${esc(d.printer_fault)}</span>` : ""}</td>` +
        `<td>${d.created_at.slice(0, 16).replace("T", " ")}</td><td>${d.revoked_at ? "已注销" : "使用中"}</td>` +
        `<td>${d.revoked_at ? "" : `<button class="danger" data-revoke="${d.id}">注销</button>`}</td></tr>`).join("")
        : '<tr><td colspan="8" class="muted">尚无登记设备</td></tr>');
    document.querySelectorAll("[data-revoke]").forEach((b) => {
      b.onclick = async () => {
        if (!confirm("注销后该设备将无法接收评价和叫号信息，确定注销？")) return;
        await call("POST", `/devices/${b.dataset.revoke}/revoke`, {}); loadDevices();
      };
    });
  }
  $("device-form").onsubmit = async (e) => {
    e.preventDefault();
    $("device-error").textContent = "";
    const kind = $("device-kind").value;
    const body = { kind: kind, name: $("device-name").value || null, printer: $("device-printer").value || null,
                   window: $("device-window").value ? parseInt($("device-window").value, 10) : null };
    try {
      const d = await call("POST", "/devices", body);
      const page = KIND_PAGES[kind] + (d.window || "");
      $("device-url").textContent = `${location.origin}${page}?hall=${encodeURIComponent(d.hall.code)}&device=${d.token}`;
      $("device-new").classList.remove("hidden");
      loadDevices();
    } catch (err) { $("device-error").textContent = err.message; }
  };

  // ---------------------------------------------------------------- 统一收费: refunds and the daily report
  const yuan = (v) => Number(v).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const feeQuery = (more) => `/fees/daily-report?${$("fee-date").value ? "date=" + $("fee-date").value + "&" : ""}${more || ""}`;
  async function loadFees() {
    const [requests, report] = await Promise.all([call("GET", "/fees/refund-requests"),
                                                  call("GET", feeQuery())]);
    $("refund-requests").innerHTML = "<tr><th>申请时间</th><th>办件编号</th><th>事项</th><th>窗口</th><th class=\"num\">金额（元）</th>" +
      "<th>票据号</th><th>申请人</th><th>退费原因</th><th></th></tr>" +
      (requests.length ? requests.map((r) => `<tr data-refund="${r.payment.id}"><td>${r.requested_at.slice(0, 16).replace("T", " ")}</td>` +
        `<td>${esc(r.payment.case_no)}</td><td>${esc(r.payment.item_name)}</td><td>${r.payment.window || ""}</td>` +
        `<td class="num">${yuan(r.payment.amount)}</td><td>${esc(r.payment.receipt_no)}</td>` +
        `<td>${r.requested_by ? esc(r.requested_by.name) : ""}</td><td><input class="refund-reason" maxlength="500" value="${esc(r.reason)}"></td>` +
        `<td><button class="danger approve-refund">批准退费</button></td></tr>`).join("")
        : '<tr><td colspan="9" class="muted">暂无待审批的退费申请</td></tr>');
    document.querySelectorAll(".approve-refund").forEach((b) => {
      b.onclick = async () => {
        const row = b.closest("tr");
        const reason = row.querySelector(".refund-reason").value.trim();
        if (!reason) { Hall.toast("请填写退费原因", true); return; }
        try {
          await call("POST", `/payments/${row.dataset.refund}/refund`, { reason: reason });
          Hall.toast("已退费，冲红记录已生成");
        } catch (err) { failed(err); }
        loadFees().catch(failed);
      };
    });
    $("fee-date").value = report.date;   // the hall's today, when none was chosen
    renderFeeReport(report);
  }
  function renderFeeReport(report) {
    const head = '<tr><th>部门</th><th>窗口</th><th class="num">收费笔数</th><th class="num">收费金额（元）</th>' +
      '<th class="num">退费笔数</th><th class="num">退费金额（元）</th><th class="num">实收金额（元）</th></tr>';
    const line = (a, b, f, cls) => `<tr class="${cls || ""}"><td>${esc(a)}</td><td>${esc(b)}</td><td class="num">${f.charges}</td>` +
      `<td class="num">${yuan(f.charged)}</td><td class="num">${f.refunds}</td><td class="num">${yuan(f.refunded)}</td>` +
      `<td class="num"><b>${yuan(f.net)}</b></td></tr>`;
    const rows = report.departments.flatMap((d) => d.windows.map((w) => line(d.name, w.window ? `${w.window}号 ${w.name}` : w.name, w))
      .concat([line(`${d.name} 小计`, "", d, "subtotal")]));
    $("fee-report").innerHTML = head + rows.join("") + line("合计", "", report.total, "total");
    $("fee-payments").innerHTML = "<tr><th>时间</th><th>办件编号</th><th>事项</th><th>窗口</th><th>类型</th><th class=\"num\">金额（元）</th>" +
      "<th>支付方式</th><th>财政电子票据号</th><th>经办人</th><th>说明</th></tr>" +
      (report.payments.length ? report.payments.map((p) => `<tr><td>${p.paid_at.slice(11, 16)}</td><td>${esc(p.case_no)}</td>` +
        `<td>${esc(p.item_name)}</td><td>${p.window || ""}</td><td>${p.kind === "refund" ? "退费" : "收费"}</td>` +
        `<td class="num">${yuan(p.amount)}</td><td>${esc(p.method_name)}</td><td>${esc(p.receipt_no || "—")}</td>` +
        `<td>${p.staff ? esc(p.staff.name) : ""}</td><td>${esc(p.reason || (p.refunded ? "已退费" : ""))}</td></tr>`).join("")
        : '<tr><td colspan="10" class="muted">当日无收费</td></tr>');
  }
  $("fee-report-form").onsubmit = async (e) => {
    e.preventDefault();
    try { renderFeeReport(await call("GET", feeQuery())); } catch (err) { failed(err); }
  };
  $("fee-pdf").onclick = async () => {
    if (!(await session.openFile(feeQuery("format=pdf")))) Hall.toast("日报打开失败", true);
  };
  $("fee-xlsx").onclick = async () => {
    if (!(await session.openFile(feeQuery("format=xlsx")))) Hall.toast("日报导出失败", true);
  };

  // ---------------------------------------------------------------- signed in (Hall.staffSession)
  function start() {
    loadOverview().catch(failed);
    listen();
    Hall.api("GET", "/queues").then((qs) => qs.forEach((q) => { QUEUE_NAMES[q.code] = `${q.prefix} ${q.name}`; }));
  }
})();
