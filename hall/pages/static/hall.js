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

  /* The token of this screen as a registered device (kind "rating_pad", "window_screen" …,
   * for window n): taken once from ?device=… or kept in this browser, and checked with the
   * server. A screen that is not registered (or was revoked) shows a form where a hall
   * manager signs in and registers it on the spot; the manager's login is not kept. */
  async function registeredDevice(kind, windowNumber) {
    const key = "hall.device." + kind + (windowNumber ? "." + windowNumber : "");
    const given = new URLSearchParams(global.location.search).get("device");
    if (given) localStorage.setItem(key, given);
    const kept = localStorage.getItem(key);
    if (kept) {
      try {
        const me = await api("GET", "/devices/me", null, { deviceToken: kept });
        if (me.kind === kind && (!windowNumber || me.window === windowNumber)) { hallCode = me.hall.code; return kept; }
      } catch (err) {
        if (err.status !== 401) return kept;   // the server is out of reach: carry on, the screen reconnects
      }
      localStorage.removeItem(key);
    }
    const token = await registerHere(kind, windowNumber);
    localStorage.setItem(key, token);
    return token;
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

  /* "2026年11月23日 星期一 09:05" in the hall's zone, whatever the device's zone. */
  function clockText(tz, withSeconds) {
    const parts = {};
    new Intl.DateTimeFormat("zh-CN", { timeZone: tz || "Asia/Shanghai", year: "numeric", month: "numeric",
      day: "numeric", weekday: "long", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
      .formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    return parts.year + "年" + parts.month + "月" + parts.day + "日 " + parts.weekday + " " + parts.hour + ":" +
      parts.minute + (withSeconds ? ":" + parts.second : "");
  }

  global.Hall = { api: api, live: live, ApiError: ApiError, uuid: uuid, pathNumber: pathNumber,
                  registeredDevice: registeredDevice, hall: function () { return hallCode; },
                  escapeHtml: escapeHtml, timeOf: timeOf, clockText: clockText };
})(window);
