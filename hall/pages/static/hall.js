/* Shared by every page: JSON API calls with Chinese errors, and live rooms that
 * re-join (and so re-sync from `state`) on every (re)connect. */
(function (global) {
  "use strict";

  class ApiError extends Error {
    constructor(status, code, message, body) {
      super(message);
      this.status = status; this.code = code; this.body = body;
    }
  }

  /* The hall a page is for, in a deployment of several: ?hall=<code> on the page's address,
   * or the hall its device is registered in; none: the server's default hall. */
  let hallCode = new URLSearchParams(global.location.search).get("hall") || null;

  async function api(method, path, body, opts) {
    opts = opts || {};
    const headers = { "Accept": "application/json" };
    if (hallCode) headers["X-Hall"] = hallCode;
    if (body !== undefined && body !== null) headers["Content-Type"] = "application/json";
    if (opts.token) headers["Authorization"] = "Bearer " + opts.token;
    if (opts.idempotencyKey) headers["Idempotency-Key"] = opts.idempotencyKey;
    if (opts.deviceToken) headers["X-Device-Token"] = opts.deviceToken;
    let response;
    try {
      response = await fetch("/api/v1" + path, {
        method: method, headers: headers,
        body: body !== undefined && body !== null ? JSON.stringify(body) : undefined,
        signal: opts.timeoutMs ? AbortSignal.timeout(opts.timeoutMs) : undefined,
      });
    } catch (err) {
      throw new ApiError(0, "network_error", "无法连接服务器，请稍后重试", null);
    }
    let data = null;
    try { data = await response.json(); } catch (err) { data = null; }
    if (!response.ok) {
      const e = (data && data.error) || {};
      throw new ApiError(response.status, e.code || "http_" + response.status,
                         e.message || "服务器返回错误（" + response.status + "）", data);
    }
    return data;
  }

  /* live("display", {state: fn, ticket_called: fn, ...}, {deviceToken, token, onStatus})
   * The room is joined on every connect, so a screen that lost the server gets a fresh
   * `state` snapshot as soon as it is back. */
  function live(room, handlers, opts) {
    opts = opts || {};
    const socket = global.io({ transports: ["websocket", "polling"], reconnectionDelayMax: 5000,
                               query: hallCode ? { hall: hallCode } : {} });
    const status = opts.onStatus || function () {};
    const join = { room: room };
    if (opts.deviceToken) join.device_token = opts.deviceToken;
    if (opts.token) join.token = opts.token;   // rooms for staff carry the bearer token
    function rejoin() { socket.emit("join", join); }
    socket.on("connect", function () { status("online"); rejoin(); });
    // the server's message queue was down for a while: what we missed comes with a fresh state
    socket.on("resync", rejoin);
    socket.on("join_error", function (e) {   // the database is restarting: try again shortly
      if (e && e.error && ["database_unavailable", "busy"].indexOf(e.error.code) >= 0) setTimeout(rejoin, 3000);
    });
    socket.on("disconnect", function () { status("offline"); });
    socket.on("connect_error", function () { status("offline"); });
    Object.keys(handlers).forEach(function (name) { socket.on(name, handlers[name]); });
    return socket;
  }

  const KIND_NAMES = { kiosk: "取号机", display: "大厅显示屏", window_screen: "窗口屏", rating_pad: "评价器" };
  /* Where a device's token was kept before every page used hall.device.<kind>: moved over once. */
  const LEGACY_DEVICE_KEYS = { kiosk: "hall.kiosk.device" };

  function deviceKey(kind, windowNumber) {
    const key = "hall.device." + kind + (windowNumber ? "." + windowNumber : "");
    const legacy = LEGACY_DEVICE_KEYS[kind];
    if (legacy && localStorage.getItem(legacy) && !localStorage.getItem(key)) {
      localStorage.setItem(key, localStorage.getItem(legacy));
      localStorage.removeItem(legacy);
    }
    return key;
  }

  /* The token this browser keeps for device `kind` (window n), unchecked; null if none.
   * For a page that only passes it on (the public board opened from a kiosk). */
  function keptDevice(kind, windowNumber) {
    return localStorage.getItem(deviceKey(kind, windowNumber));
  }

  /* The kept token (taken once from ?device=…), checked with the server: the device's hall
   * becomes the page's hall. Null when none is kept or the server revoked it. */
  async function checkedDevice(kind, windowNumber) {
    const key = deviceKey(kind, windowNumber);
    const given = new URLSearchParams(global.location.search).get("device");
    if (given) localStorage.setItem(key, given);
    const kept = localStorage.getItem(key);
    if (!kept) return null;
    try {
      const me = await api("GET", "/devices/me", null, { deviceToken: kept, timeoutMs: 8000 });
      if (me.kind === kind && (!windowNumber || me.window === windowNumber)) { hallCode = me.hall.code; return kept; }
    } catch (err) {
      if (err.status !== 401) return kept;   // the server is out of reach: carry on, the screen reconnects
    }
    localStorage.removeItem(key);
    return null;
  }

  /* The token of this screen as a registered device (kind "rating_pad", "window_screen" …,
   * for window n): taken once from ?device=… or kept in this browser, and checked with the
   * server. A screen that is not registered (or was revoked) shows a form where a hall
   * manager signs in and registers it on the spot; the manager's login is not kept. */
  async function registeredDevice(kind, windowNumber) {
    const token = (await checkedDevice(kind, windowNumber)) || await registerHere(kind, windowNumber);
    localStorage.setItem(deviceKey(kind, windowNumber), token);
    return token;
  }

  /* Like registeredDevice for a screen that also works unregistered (kiosk, lobby display):
   * the checked token, or null, and never the registration form. */
  function optionalDevice(kind) {
    return checkedDevice(kind, null);
  }

  function registerHere(kind, windowNumber) {
    const what = (windowNumber ? windowNumber + "号窗口" : "") + KIND_NAMES[kind];
    const gate = document.createElement("div");
    gate.className = "device-gate";
    gate.innerHTML = `<form><h1>本设备尚未登记为${what}</h1>` +
      `<p>为保护评价和叫号信息，大厅的屏幕和评价器须经管理人员登记后才能使用。请管理人员登录后登记本设备。</p>` +
      `<input name="username" placeholder="管理人员账号" autocomplete="username" required>` +
      `<input name="password" type="password" placeholder="密码" autocomplete="current-password" required>` +
      `<button type="submit">登记本设备</button><div class="error"></div></form>`;
    document.body.appendChild(gate);
    const form = gate.querySelector("form");
    return new Promise(function (resolve) {
      form.onsubmit = async function (e) {
        e.preventDefault();
        form.querySelector(".error").textContent = "";
        try {
          const login = await api("POST", "/auth/login", { username: form.username.value, password: form.password.value });
          if (["manager", "admin"].indexOf(login.staff.role) < 0) throw new ApiError(403, "wrong_role", "只有大厅管理人员可以登记设备");
          const device = await api("POST", "/devices", { kind: kind, window: windowNumber || null }, { token: login.token });
          api("POST", "/auth/logout", {}, { token: login.token }).catch(function () {});
          hallCode = device.hall.code;   // a screen belongs to the hall of the manager who registered it
          gate.remove();
          resolve(device.token);
        } catch (err) {
          form.querySelector(".error").textContent = err.message;
        }
      };
    });
  }

  function uuid() {
    if (global.crypto && global.crypto.randomUUID) return global.crypto.randomUUID();
    return "k-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  function pathNumber() {
    const parts = global.location.pathname.split("/").filter(Boolean);
    return parseInt(parts[parts.length - 1], 10);
  }

  function escapeHtml(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function timeOf(iso) {
    if (!iso) return "";
    return iso.slice(11, 16);
  }

  /* "2026年11月23日 星期一 09:05" in the hall's zone, whatever the device's zone; "" while
   * the zone is not known yet (see hallInfo), rather than a time from the wrong zone. */
  function clockText(tz, withSeconds) {
    if (!tz) return "";
    const parts = {};
    new Intl.DateTimeFormat("zh-CN", { timeZone: tz, year: "numeric", month: "numeric",
      day: "numeric", weekday: "long", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
      .formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    return parts.year + "年" + parts.month + "月" + parts.day + "日 " + parts.weekday + " " + parts.hour + ":" +
      parts.minute + (withSeconds ? ":" + parts.second : "");
  }

  /* "2026-11" or "2026-11-23": this month or today in the zone `tz` (an IANA name). */
  function monthIn(tz) { return todayIn(tz).slice(0, 7); }
  function todayIn(tz) { return new Date().toLocaleDateString("sv-SE", { timeZone: tz }); }

  /* GET /hall ({code, name, timezone, …}) of the page's hall, asked once. A staff page passes
   * its login token: the answer is then the staff member's hall. */
  let hallInfoAnswer = null;
  function hallInfo(token) {
    if (!hallInfoAnswer) {
      hallInfoAnswer = api("GET", "/hall", null, { token: token });
      hallInfoAnswer.catch(function () { hallInfoAnswer = null; });   // asked again next time
    }
    return hallInfoAnswer;
  }

  /* A message at the bottom of the screen for a few seconds (red when `error`). */
  function toast(text, error) {
    let t = document.getElementById("toast");
    if (!t) {
      t = document.createElement("div");
      t.id = "toast";
      document.body.appendChild(t);
    }
    t.textContent = text;
    t.className = "toast" + (error ? " error" : "");
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { t.classList.add("hidden"); }, 3500);
  }

  /* Figure tiles (hall.css .kpis/.kpi): rows of [label, value, class?]; class "red" or "yellow"
   * marks a figure that needs attention. */
  function kpiTiles(rows) {
    return rows.map(function (row) {
      return '<div class="kpi ' + escapeHtml(row[2] || "") + '">' + escapeHtml(row[0]) + "<b>" + escapeHtml(row[1] == null ? "—" : row[1]) + "</b></div>";
    }).join("");
  }

  /* The device's Chinese speech voice, or null: calls and prompts are read in Chinese. */
  function zhVoice() {
    if (!global.speechSynthesis) return null;
    return global.speechSynthesis.getVoices().find(function (v) {
      return (v.lang || "").replace("_", "-").toLowerCase().startsWith("zh");
    }) || null;
  }

  global.Hall = { api: api, live: live, ApiError: ApiError, uuid: uuid, pathNumber: pathNumber,
                  registeredDevice: registeredDevice, optionalDevice: optionalDevice, keptDevice: keptDevice,
                  hall: function () { return hallCode; }, hallInfo: hallInfo,
                  escapeHtml: escapeHtml, timeOf: timeOf, clockText: clockText, monthIn: monthIn, todayIn: todayIn,
                  toast: toast, kpiTiles: kpiTiles, zhVoice: zhVoice };
})(window);
