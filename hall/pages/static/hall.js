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

  async function api(method, path, body, opts) {
    opts = opts || {};
    const headers = { "Accept": "application/json" };
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
    const socket = global.io({ transports: ["websocket", "polling"], reconnectionDelayMax: 5000 });
    const status = opts.onStatus || function () {};
    socket.on("connect", function () {
      status("online");
      const join = { room: room };
      if (opts.deviceToken) join.device_token = opts.deviceToken;
      if (opts.token) join.token = opts.token;   // rooms for staff (manager) carry the bearer token
      socket.emit("join", join);
    });
    socket.on("disconnect", function () { status("offline"); });
    socket.on("connect_error", function () { status("offline"); });
    Object.keys(handlers).forEach(function (name) { socket.on(name, handlers[name]); });
    return socket;
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
                  escapeHtml: escapeHtml, timeOf: timeOf, clockText: clockText };
})(window);
