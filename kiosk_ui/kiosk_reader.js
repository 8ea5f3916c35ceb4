/* Kiosk: the ID-card reader (身份证阅读器) and the keyboard-wedge QR scanner.
 *
 * Reader: the kiosk's device settings name its local reader service (reader_url, loopback
 * only; see hall/devices/reader.py for the protocol): a WebSocket pushing
 * {type: "card", name, id_number, birth_date}, or an HTTP URL polled every second. A card
 * read fills the applicant of the next ticket (sent with id_source "reader", so the server
 * gives people aged 60 and over elderly priority without their asking) and offers the
 * citizen's appointment for today. No reader, or a reader that fails, changes nothing: the
 * kiosk works by touch and a small status line says so.
 *
 * Scanner: a wedge scanner types its code as keystrokes, much faster than a person, and
 * ends with Enter. On the home screen such a burst is read as a scanned code: an
 * appointment code checks in, a ticket's QR code (its track URL …/t/<token>) shows that
 * ticket's status.
 */
(function () {
  "use strict";
  const K = window.Kiosk;
  if (!K) return;
  const $ = (id) => document.getElementById(id);
  const esc = Hall.escapeHtml;
  const CARD_MS = 90000;        // a card read is forgotten after this long unused
  const POLL_MS = 1000;
  const RETRY_MS = [2000, 5000, 10000, 30000];

  /* ---------------------------------------------------------------- pieces of page */
  function element(tag, attrs, parent) {
    const el = document.createElement(tag);
    Object.keys(attrs || {}).forEach((k) => { if (k === "text") el.textContent = attrs[k]; else el.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(el);
    return el;
  }
  const home = $("screen-home");
  const cardBanner = element("div", { id: "card-banner", class: "card-banner hidden", role: "status", "aria-live": "polite" });
  home.insertBefore(cardBanner, home.querySelector(".big-grid"));
  const readerStatus = element("div", { id: "reader-status", class: "reader-status" }, document.body);
  const offer = element("div", { id: "appointment-offer", class: "assist-panel hidden", role: "dialog" }, $("app"));
  offer.innerHTML = '<div class="assist-card"><h2>您今天有预约</h2><div class="offer-text" id="offer-text"></div>' +
    '<div class="offer-actions"><button class="primary" id="offer-checkin">签到取号</button>' +
    '<button class="secondary" id="offer-skip">办理其他业务</button></div></div>';
  const scanned = element("div", { id: "scan-panel", class: "assist-panel hidden", role: "status" }, $("app"));
  scanned.innerHTML = '<div class="assist-card"><h2>号票状态</h2><div class="offer-text" id="scan-text"></div>' +
    '<button class="primary" id="scan-close">我知道了</button></div>';

  function status(text, kind) {
    readerStatus.textContent = text;
    readerStatus.className = "reader-status " + (kind || "");
  }

  /* ---------------------------------------------------------------- the card read */
  const card = { read: null, at: 0, appointment: null };

  function ageOn(born, today) {
    const [by, bm, bd] = born.split("-").map(Number);
    const [ty, tm, td] = today.split("-").map(Number);
    return ty - by - ((tm < bm || (tm === bm && td < bd)) ? 1 : 0);
  }
  function maskedName(name) {
    return name.length <= 1 ? name : name[0] + "*".repeat(Math.max(1, name.length - 2)) + (name.length > 2 ? name[name.length - 1] : "");
  }
  function birthDate(value) {
    const text = String(value || "").trim().replace(/\//g, "-");
    if (/^\d{8}$/.test(text)) return text.slice(0, 4) + "-" + text.slice(4, 6) + "-" + text.slice(6);
    return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : null;
  }

  function forget() {
    card.read = null; card.appointment = null;
    cardBanner.classList.add("hidden");
    offer.classList.add("hidden");
  }
  K.onHome(forget);
  K.addTicketFields(() => {
    if (!card.read || Date.now() - card.at > CARD_MS) return {};
    return { applicant: { name: card.read.name, id_number: card.read.id_number, birth_date: card.read.birth_date },
             id_source: "reader" };
  });

  async function onCard(msg) {
    const name = typeof msg.name === "string" ? msg.name.trim() : "";
    const number = typeof msg.id_number === "string" ? msg.id_number.trim().toUpperCase() : "";
    const born = birthDate(msg.birth_date) || (number.length === 18 ? birthDate(number.slice(6, 14)) : null);
    if (!name || !number || !born) { status("读卡不完整，请重新放卡", "fault"); return; }
    card.read = { name: name, id_number: number, birth_date: born };
    card.at = Date.now();
    K.state.lastTouch = Date.now();
    const elderly = ageOn(born, Hall.todayIn(K.state.tz)) >= 60;
    cardBanner.innerHTML = `<b>已读取身份证：${esc(maskedName(name))}</b>` +
      (elderly ? '<span class="elderly-tag">60岁以上 · 老年人优先叫号</span>' : "") +
      "<small>请选择要办理的业务取号</small>";
    cardBanner.classList.remove("hidden");
    clearTimeout(card.timer);
    card.timer = setTimeout(forget, CARD_MS);     // left unused: the next citizen is not this one
    K.speak(elderly ? "已读取身份证，您将优先叫号，请选择业务" : "已读取身份证，请选择业务");
    if (K.state.screen !== "home") status("已读取身份证：取号时自动登记", "ok");
    const token = await K.device();
    try {
      const found = await Hall.api("POST", "/appointments/for-card", { id_number: number },
                                   { deviceToken: token, timeoutMs: 8000 });
      const a = found && found.appointment;
      if (a && card.read && card.read.id_number === number) {
        card.appointment = a;
        $("offer-text").innerHTML = `<b>${esc(a.item_name)}</b><br>预约时段 ${esc(a.start)}—${esc(a.end)}` +
          (a.status === "checked_in" ? "<br>已签到，点击查看号票" : "");
        offer.classList.remove("hidden");
        K.speak("您今天有预约，请点击签到取号");
      }
    } catch (err) { /* no appointment lookup: the citizen chooses by touch */ }
  }
  $("offer-checkin").onclick = () => {
    offer.classList.add("hidden");
    if (card.appointment) K.takeTicket({ appointment_code: card.appointment.appointment_code });
  };
  $("offer-skip").onclick = () => { offer.classList.add("hidden"); card.appointment = null; };

  function onMessage(msg) {
    if (!msg || typeof msg !== "object") return;
    if (msg.type === "card") onCard(msg);
    else if (msg.type === "status") status(msg.ready ? "身份证阅读器已就绪" : "身份证阅读器未就绪，可触屏取号", msg.ready ? "ok" : "fault");
    else if (msg.type === "error") status("读卡失败，请重新放卡或触屏取号", "fault");
  }

  /* ---------------------------------------------------------------- talking to the reader */
  let failures = 0;
  function retryLater(connect) {
    status("身份证阅读器未连接，可触屏取号", "fault");
    setTimeout(connect, RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)]);
  }

  function viaWebSocket(url) {
    let socket;
    try { socket = new WebSocket(url); } catch (err) { retryLater(() => viaWebSocket(url)); return; }
    socket.onopen = () => { failures = 0; status("身份证阅读器已就绪，请将身份证放在感应区", "ok"); };
    socket.onmessage = (e) => { try { onMessage(JSON.parse(e.data)); } catch (err) { status("读卡数据有误", "fault"); } };
    socket.onclose = () => retryLater(() => viaWebSocket(url));
    socket.onerror = () => { /* onclose follows */ };
  }

  function viaPolling(url) {
    let last = null, ready = false;
    async function poll() {
      try {
        const ctl = new AbortController();
        const timer = setTimeout(() => ctl.abort(), 3000);
        const r = await fetch(url, { cache: "no-store", signal: ctl.signal });
        clearTimeout(timer);
        if (!r.ok && r.status !== 204) throw new Error(String(r.status));
        if (!ready) status("身份证阅读器已就绪，请将身份证放在感应区", "ok");
        ready = true;
        failures = 0;
        const msg = r.status === 204 ? {} : await r.json().catch(() => ({}));
        const key = msg && msg.type === "card" ? (msg.seq !== undefined ? "s" + msg.seq : "n" + msg.id_number) : null;
        if (key && key !== last) onMessage(msg);
        last = key || last || "";
        setTimeout(poll, POLL_MS);
      } catch (err) {
        failures++;
        ready = false;
        status("身份证阅读器未连接，可触屏取号", "fault");
        setTimeout(poll, RETRY_MS[Math.min(failures - 1, RETRY_MS.length - 1)]);
      }
    }
    poll();
  }

  K.device().then(async (token) => {
    if (!token) return;    // an unregistered kiosk has no reader settings: touch only
    let me;
    try { me = await Hall.api("GET", "/devices/me", null, { deviceToken: token, timeoutMs: 8000 }); } catch (err) { return; }
    const url = me && me.reader_url;
    if (!url) return;
    status("正在连接身份证阅读器……", "");
    if (/^wss?:\/\//.test(url)) viaWebSocket(url); else viaPolling(url);
  });

  /* ---------------------------------------------------------------- the wedge scanner */
  /* A burst: every key within MAX_GAP ms of the one before, at least MIN_LEN characters,
   * then Enter. A person typing on a keyboard is several times slower. Pure, so it can be
   * tested with made-up times (window.KioskScanner.burst). */
  const MIN_LEN = 6, MAX_GAP = 60;
  function burst(keys) {   // keys: [{key, t}] ending with Enter → the code, or null
    if (keys.length < MIN_LEN + 1 || keys[keys.length - 1].key !== "Enter") return null;
    const chars = keys.slice(0, -1);
    for (let i = 1; i < keys.length; i++) if (keys[i].t - keys[i - 1].t > MAX_GAP) return null;
    if (chars.some((k) => k.key.length !== 1)) return null;
    return chars.map((k) => k.key).join("");
  }
  let keys = [];
  document.addEventListener("keydown", (e) => {
    if (K.state.screen !== "home" || e.ctrlKey || e.altKey || e.metaKey) { keys = []; return; }
    const t = e.timeStamp || performance.now();
    if (keys.length && t - keys[keys.length - 1].t > MAX_GAP) keys = [];
    if (e.key === "Shift") return;
    keys.push({ key: e.key, t: t });
    if (e.key === "Enter") {
      const code = burst(keys);
      keys = [];
      if (code) { e.preventDefault(); onScan(code.trim()); }
    } else if (keys.length > 300) keys = [];
  }, true);

  function showScanned(html) {
    $("scan-text").innerHTML = html;
    scanned.classList.remove("hidden");
    clearTimeout(showScanned.timer);
    showScanned.timer = setTimeout(() => scanned.classList.add("hidden"), 15000);
  }
  $("scan-close").onclick = () => scanned.classList.add("hidden");

  async function onScan(code) {
    K.state.lastTouch = Date.now();
    const appointment = code.toUpperCase().match(/^Y\d{8}$/);
    if (appointment) { K.takeTicket({ appointment_code: appointment[0] }); return; }
    const track = code.match(/\/t\/([A-Za-z0-9_-]{8,60})\/?$/);
    if (track) {
      try {
        const t = await Hall.api("GET", "/tickets/by-token/" + encodeURIComponent(track[1]), null, { timeoutMs: 8000 });
        let where = `状态：${esc(t.status_name)}`;
        if (t.status === "waiting") where += `，前面还有 <b>${t.waiting_ahead}</b> 人，预计约 ${t.estimated_wait_minutes} 分钟`;
        if (t.call_text) where += `<br><b>${esc(t.call_text)}</b>`;
        showScanned(`<div class="scan-number">${esc(t.number)}</div>${esc(t.queue_name)}` +
                    (t.item_name ? " · " + esc(t.item_name) : "") + `<br>${where}`);
        K.speak(`${t.number}号，${t.status_name}`);
      } catch (err) { showScanned(esc(err.message || "未找到此号票")); }
      return;
    }
    showScanned("无法识别的二维码：请扫描预约码或号票上的二维码");
  }

  window.KioskScanner = { burst: burst, onScan: onScan };
  window.KioskReader = { onMessage: onMessage, card: card };
})();
