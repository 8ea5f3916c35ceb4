/* Kiosk: browse items, read the service guide, take a ticket, print it. */
(function () {
  "use strict";
  const params = new URLSearchParams(location.search);
  let deviceToken = null;   // this kiosk's registration, if it has one (Hall.optionalDevice): it prints
  const IDLE_MS = (parseFloat(params.get("idle")) || 60) * 1000;
  const TICKET_MS = Math.min(IDLE_MS, 20000);
  const KIND = { instant: "即办件", committed: "承诺件", joint: "联办件", report: "上报件" };

  const state = { items: [], queues: {}, green: false, elder: false, history: [], lastTouch: Date.now(),
                  screen: "home", item: null };
  const $ = (id) => document.getElementById(id);
  const homeHooks = [];     // run on going home (kiosk_reader.js forgets the card read)
  const ticketFields = [];  // each adds fields to a ticket request (kiosk_reader.js: the card read)
  const esc = Hall.escapeHtml;

  function show(name, remember) {
    if (remember !== false && state.screen !== name) state.history.push(state.screen);
    document.querySelectorAll(".screen").forEach((s) => s.classList.add("hidden"));
    $("screen-" + name).classList.remove("hidden");
    state.screen = name;
    $("app").scrollTop = 0;
  }
  function goHome() {
    state.history = [];
    $("busy").classList.add("hidden");
    setGreen(false);
    show("home", false);
    homeHooks.forEach((fn) => fn());
  }
  function back() { show(state.history.pop() || "home", false); }

  function speak(text) {
    if (!state.elder || !window.speechSynthesis) return;
    const u = new SpeechSynthesisUtterance(text);
    u.lang = "zh-CN";
    const voice = Hall.zhVoice();
    if (voice) u.voice = voice;
    speechSynthesis.cancel();
    speechSynthesis.speak(u);
  }

  function setGreen(on) {
    state.green = on;
    $("toggle-green").setAttribute("aria-pressed", String(on));
  }

  function itemButton(item) {
    const b = document.createElement("button");
    b.className = "item";
    b.dataset.item = item.code;
    b.innerHTML = `<span>${esc(item.name)}</span><small>${esc(item.department)} · ${KIND[item.kind] || ""}` +
      ` · ${item.promised_days ? "承诺" + item.promised_days + "个工作日" : "当场办结"}</small>`;
    b.onclick = () => openGuide(item);
    return b;
  }

  function groupButton(title, subtitle, onclick) {
    const b = document.createElement("button");
    b.className = "item";
    b.innerHTML = `<span>${esc(title)}</span><small>${esc(subtitle)}</small>`;
    b.onclick = onclick;
    return b;
  }

  function listOf(title, buttons, search) {
    $("list-title").textContent = title;
    $("search-box").classList.toggle("hidden", !search);
    const list = $("list");
    list.innerHTML = "";
    buttons.forEach((b) => list.appendChild(b));
    show("list");
  }

  function groups(key) {
    const map = new Map();
    state.items.forEach((i) => { if (!map.has(i[key])) map.set(i[key], []); map.get(i[key]).push(i); });
    return map;
  }

  function showGroups(key, title) {
    const buttons = [];
    groups(key).forEach((items, name) => buttons.push(groupButton(name, items.length + " 个事项",
      () => listOf(name, items.map(itemButton)))));
    listOf(title, buttons);
    speak("请选择" + title.replace("按", ""));
  }

  let query = "";
  function renderSearch() {
    const box = $("search-input");
    box.textContent = query ? query.toUpperCase() : "请输入事项名称拼音首字母，如“营业执照”输入 YYZZ";
    box.classList.toggle("empty", !query);
    const q = query.toLowerCase();
    const found = q ? state.items.filter((i) => (i.pinyin_initials || "").includes(q)) : [];
    const list = $("list");
    list.innerHTML = "";
    found.slice(0, 30).forEach((i) => list.appendChild(itemButton(i)));
    if (q && !found.length) list.innerHTML = '<div class="item">没有找到相关事项，请换个关键字或咨询导办人员</div>';
  }
  function showSearch() {
    query = "";
    const keys = $("keys");
    keys.innerHTML = "";
    "QWERTYUIOPASDFGHJKLZXCVBNM".split("").forEach((k) => {
      const b = document.createElement("button");
      b.textContent = k;
      b.onclick = () => { query += k.toLowerCase(); renderSearch(); };
      keys.appendChild(b);
    });
    [["删除", () => { query = query.slice(0, -1); }], ["清空", () => { query = ""; }]].forEach(([label, fn]) => {
      const b = document.createElement("button");
      b.textContent = label;
      b.className = "wide";
      b.onclick = () => { fn(); renderSearch(); };
      keys.appendChild(b);
    });
    listOf("搜索事项", [], true);
    renderSearch();
    speak("请输入事项名称的拼音首字母");
  }

  function showQueues() {
    const buttons = Object.values(state.queues).map((q) => {
      const b = groupButton(q.name, "", () => takeTicket({ queue_code: q.code }));
      b.dataset.queue = q.code;
      b.querySelector("small").innerHTML = `等候 <span class="count">${q.waiting}</span> 人 · 预计 ${q.estimated_wait_minutes} 分钟`;
      return b;
    });
    listOf("直接取号", buttons);
    speak("请选择业务");
  }

  function openGuide(item) {
    state.item = item;
    $("guide-title").textContent = item.name;
    const mats = item.materials.map((m, i) => `<tr><td>${i + 1}</td><td>${esc(m.name)}` +
      `${m.guidance ? `<br><small>${esc(m.guidance)}</small>` : ""}</td><td>${esc(m.form)}</td><td>${m.copies}份</td>` +
      `<td>${m.required ? '<span class="req">必须</span>' : "视情况"}</td></tr>`).join("");
    $("guide").innerHTML = `
      <div class="facts">
        <div><b>办理部门</b>${esc(item.department)}</div>
        <div><b>办件类型</b>${KIND[item.kind] || ""}</div>
        <div><b>承诺时限</b>${item.promised_days ? item.promised_days + " 个工作日" : "当场办结"}</div>
        <div><b>法定时限</b>${item.legal_days} 个工作日</div>
        <div><b>收费标准</b>${esc(item.fee)}</div>
        <div><b>办理队列</b>${esc(item.queue_name)}</div>
      </div>
      <h3>申报材料</h3>
      ${mats ? `<table><tr><th>序号</th><th>材料名称</th><th>形式</th><th>份数</th><th>是否必须</th></tr>${mats}</table>` : "<p>无需材料</p>"}
      <h3>办理条件</h3><p>${esc(item.conditions)}</p>
      <h3>办理流程</h3><p>${item.steps.map(esc).join(" → ")}</p>
      <h3>审批依据</h3><p>${esc(item.basis)}</p>
      ${item.fee_basis ? `<h3>收费依据</h3><p>${esc(item.fee_basis)}</p>` : ""}`;
    show("guide");
    speak(item.name + "，请核对所需材料后点击取号办理");
  }

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  /* One attempt = one Idempotency-Key, reused for every retry: the server hands back the
   * same ticket if an earlier try got through, so a flaky network never yields two tickets
   * and no ticket is shown that the server did not confirm. */
  async function takeTicket(body) {
    if (!body.appointment_code) body.green_channel = state.green;
    ticketFields.forEach((fn) => Object.assign(body, fn(body)));
    const key = Hall.uuid();
    const busy = $("busy");
    busy.classList.remove("hidden", "error", "closed");
    $("busy-text").textContent = "正在取号……";
    for (let attempt = 0; attempt < 8; attempt++) {
      try {
        // a registered kiosk says so: it may issue green-channel tickets and has its own allowance
        const ticket = await Hall.api("POST", "/tickets", body, { idempotencyKey: key, timeoutMs: 8000, deviceToken: deviceToken });
        busy.classList.add("hidden");
        showTicket(ticket);
        return;
      } catch (err) {
        if (err.code === "not_a_working_day" || err.code === "hall_closed") {
          /* not a fault: the hall is shut. Say when it opens, large and calm, e.g.
           * 今天不办公，下次开门：12月8日（星期二）09:00 */
          busy.classList.add("closed");
          $("busy-text").textContent = err.message;
          speak(err.message);
          setTimeout(() => busy.classList.add("hidden"), 10000);
          return;
        }
        if (err.status >= 400 && err.status < 500) {
          busy.classList.add("error");
          $("busy-text").textContent = err.message;
          speak(err.message);
          setTimeout(() => busy.classList.add("hidden"), 4000);
          return;
        }
        $("busy-text").textContent = "网络异常，正在重试……（第" + (attempt + 1) + "次）";
        await sleep(Math.min(500 * 2 ** attempt, 4000));
      }
    }
    busy.classList.add("error");
    $("busy-text").textContent = "暂时无法取号，请稍后再试或到咨询台人工取号";
    setTimeout(() => busy.classList.add("hidden"), 6000);
  }

  let code = "";
  function renderCode() {
    const box = $("code-input");
    box.textContent = code || "请输入预约码（预约成功时页面上显示的 Y 开头 9 位码）";
    box.classList.toggle("empty", !code);
  }
  function showCheckin() {
    code = "Y";
    const keys = $("code-keys");
    keys.innerHTML = "";
    ["1", "2", "3", "4", "5", "6", "7", "8", "9", "Y", "0", "删除"].forEach((k) => {
      const b = document.createElement("button");
      b.textContent = k;
      b.onclick = () => { code = k === "删除" ? code.slice(0, -1) : (code + k).slice(0, 9); renderCode(); };
      keys.appendChild(b);
    });
    renderCode();
    show("checkin");
    speak("请输入预约码");
  }

  async function showTicket(t) {
    $("t-hall").textContent = t.hall_name;
    $("t-queue").textContent = t.queue_name + (t.item_name ? " · " + t.item_name : "") + (t.green_channel ? "（绿色通道）" : "") +
      (t.elderly && !t.green_channel ? "（老年人优先）" : "");
    $("t-number").textContent = t.number;
    $("t-ahead").innerHTML = `您前面还有 <b>${t.waiting_ahead}</b> 人等候`;
    $("t-estimate").innerHTML = `预计等候约 <b>${t.estimated_wait_minutes}</b> 分钟` +
      (t.notify ? `<br><small>快到号时将短信提醒 ${esc(t.phone)}</small>` : "");   // only with a gateway (kiosk_phone.js)
    $("t-time").textContent = "取号时间：" + t.issued_at.slice(0, 16).replace("T", " ");
    $("t-qr").src = `/api/v1/tickets/by-token/${encodeURIComponent(t.token)}/qr.png`;
    $("t-pdf").href = `/api/v1/tickets/by-token/${encodeURIComponent(t.token)}/ticket.pdf`;
    $("ticket-card").dataset.ticketId = t.id;
    show("ticket");
    speak(`取号成功，您的号码是${t.number}，前面还有${t.waiting_ahead}人`);
    const status = $("print-status");
    status.className = "print-status";
    status.textContent = "正在打印号票……";
    state.ticketUntil = Date.now() + TICKET_MS;
    let fault = "本机未登记打印设备";
    if (deviceToken) {
      try {
        const r = await Hall.api("POST", `/tickets/${t.id}/print`, {}, { deviceToken: deviceToken, timeoutMs: 10000 });
        fault = r.printed ? null : r.fault;
      } catch (err) { fault = err.message; }
    }
    if (fault) {
      status.className = "print-status fault";
      status.textContent = "票据打印失败，请拍照或扫码保存号票（" + fault + "）";
      state.ticketUntil = Date.now() + TICKET_MS * 3;
    } else {
      status.textContent = "号票已打印，请取走号票";
    }
  }

  function tick() {
    $("clock").textContent = Hall.clockText(state.tz);
    const idle = Date.now() - state.lastTouch;
    if (state.screen === "ticket" ? Date.now() > state.ticketUntil && idle > 3000 : state.screen !== "home" && idle > IDLE_MS) {
      goHome();
    }
  }

  function refreshQueueCounts() {
    document.querySelectorAll("[data-queue]").forEach((b) => {
      const q = state.queues[b.dataset.queue];
      if (q) b.querySelector("small").innerHTML = `等候 <span class="count">${q.waiting}</span> 人 · 预计 ${q.estimated_wait_minutes} 分钟`;
    });
  }

  async function load() {
    const [hall, items, queues] = await Promise.all([Hall.hallInfo(), Hall.api("GET", "/items"),
                                                     Hall.api("GET", "/queues")]);
    $("hall-name").textContent = hall.name;
    state.tz = hall.timezone;
    document.title = "自助取号 · " + hall.name;
    state.items = items;
    queues.forEach((q) => { state.queues[q.code] = q; });
  }

  document.addEventListener("pointerdown", () => { state.lastTouch = Date.now(); }, true);
  document.querySelectorAll("[data-back]").forEach((b) => { b.onclick = back; });
  document.querySelectorAll("[data-home]").forEach((b) => { b.onclick = goHome; });
  let ready = null;  // the catalog; a tap before it arrived waits for it
  const whenReady = (fn) => () => ready.then(fn).catch((err) => {
    $("conn").textContent = err.message;
    ready = load();
  });
  document.querySelector('[data-go="departments"]').onclick = whenReady(() => showGroups("department", "按部门办理"));
  document.querySelector('[data-go="categories"]').onclick = whenReady(() => showGroups("category", "按类别办理"));
  document.querySelector('[data-go="search"]').onclick = whenReady(showSearch);
  document.querySelector('[data-go="queues"]').onclick = whenReady(showQueues);
  document.querySelector('[data-go="checkin"]').onclick = showCheckin;
  document.getElementById("open-board").onclick = () => {
    location.href = "/board?from=kiosk" + (Hall.hall() ? "&hall=" + encodeURIComponent(Hall.hall()) : "");
  };
  $("checkin").onclick = () => takeTicket({ appointment_code: code });
  $("toggle-green").onclick = () => { setGreen(!state.green); speak(state.green ? "已选择绿色通道" : "已取消绿色通道"); };
  $("toggle-elder").onclick = () => {
    state.elder = !state.elder;
    document.body.classList.toggle("elder", state.elder);
    $("toggle-elder").setAttribute("aria-pressed", String(state.elder));
    speak("已开启长辈模式，字体已放大，将为您语音提示");
  };
  $("take").onclick = () => takeTicket({ item_code: state.item.code });

  // 呼叫帮办: the helpers on duty are paged; the kiosk's own room says who accepted
  const assist = { id: null };
  function assistSay(text, error) {
    $("assist-text").textContent = text;
    $("assist-text").className = "assist-text" + (error ? " error" : "");
    $("assist").classList.remove("hidden");
    speak(text);
  }
  function assistShow(request) {
    if (!request) return;
    assist.id = request.id;
    if (request.status === "accepted" && request.helper) assistSay(`帮办员 ${request.helper.name} 正在赶来，请在此稍候`);
    else if (request.status === "waiting") assistSay("已通知帮办人员，请在此稍候");
  }
  $("call-helper").onclick = async () => {
    if (!deviceToken) { assistSay("本机尚未登记，请到咨询台寻求帮助", true); return; }
    try {
      const made = await Hall.api("POST", "/assist-requests",
        { reason: state.elder ? "长辈模式呼叫帮办" : "自助机呼叫帮办" }, { deviceToken: deviceToken, timeoutMs: 10000 });
      assistShow(made);
    } catch (err) { assistSay(err.message || "呼叫失败，请到咨询台寻求帮助", true); }
  };
  $("assist-close").onclick = () => { $("assist").classList.add("hidden"); };

  // a registered kiosk belongs to its hall: the catalog and the live room are that hall's
  const device = Hall.optionalDevice("kiosk").then((token) => { deviceToken = token; });
  device.then(() => {
    // 绿色通道 is offered by a registered kiosk only (the server refuses it from anyone else)
    $("toggle-green").classList.toggle("hidden", !deviceToken);
    if (!deviceToken) { setGreen(false); return; }
    Hall.live("kiosk", {
      state: (s) => assistShow(s.assist),
      assist_accepted: (e) => { if (e.id === assist.id) assistShow({ id: e.id, status: "accepted", helper: e.helper }); },
      assist_arrived: (e) => { if (e.id === assist.id) { assist.id = null; $("assist").classList.add("hidden"); } },
    }, { deviceToken: deviceToken });
  });
  device.then(() => Hall.live("display", {
    state: (s) => { s.queues.forEach((q) => { state.queues[q.code] = q; }); refreshQueueCounts(); },
    queue_changed: (q) => { Object.assign(state.queues[q.queue] || {}, q); refreshQueueCounts(); },
    // an admin changed the catalog (a new item, a renamed queue): read it again, no reload
    catalog_changed: () => { ready = load(); ready.catch((err) => { $("conn").textContent = err.message; }); },
  }, { deviceToken: deviceToken,
       onStatus: (s) => { $("conn").textContent = s === "online" ? "" : "网络连接中断，正在重连……";
                          $("conn").className = "conn " + s; } }));
  ready = device.then(load);
  ready.catch((err) => { $("conn").textContent = err.message; });
  tick();
  setInterval(tick, 1000);
  window.__kiosk = state;
  /* for kiosk_reader.js (ID-card reader, QR scanner): the few things it needs of this page */
  window.Kiosk = { state: state, show: show, goHome: goHome, takeTicket: takeTicket, speak: speak,
                   device: () => device.then(() => deviceToken),
                   onHome: (fn) => homeHooks.push(fn), addTicketFields: (fn) => ticketFields.push(fn) };
})();
