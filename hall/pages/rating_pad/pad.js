/* Rating pad: idle staff card; on rating_requested five big buttons; bad ratings ask why. */
(function () {
  "use strict";
  const n = Hall.pathNumber();
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  let deviceToken = null;   // this pad's registration (Hall.registeredDevice)
  const IDLE_MS = (parseFloat(params.get("idle")) || 10) * 1000;
  const LEVELS = [[5, "非常满意", "M30 62 Q50 84 70 62"], [4, "满意", "M32 64 Q50 76 68 64"], [3, "基本满意", "M32 68 L68 68"],
                  [2, "不满意", "M32 72 Q50 62 68 72"], [1, "非常不满意", "M30 76 Q50 56 70 76"]];
  let token = null;
  let level = null;
  let backTimer = null;
  let badReasons = ["态度不好", "办事效率低", "业务不熟练", "一次性告知不清楚", "等候时间过长", "其他"];

  function show(id) {
    document.querySelectorAll(".screen").forEach((s) => s.classList.toggle("hidden", s.id !== id));
  }
  function idle() { token = null; level = null; show("idle"); }
  function face(path) {
    return `<svg viewBox="0 0 100 100"><circle cx="50" cy="50" r="46" fill="none" stroke="currentColor" stroke-width="6"/>` +
      `<circle cx="35" cy="40" r="6" fill="currentColor"/><circle cx="65" cy="40" r="6" fill="currentColor"/>` +
      `<path d="${path}" fill="none" stroke="currentColor" stroke-width="6" stroke-linecap="round"/></svg>`;
  }
  $("levels").innerHTML = LEVELS.map(([l, name, path]) =>
    `<button class="level l${l}" data-level="${l}">${face(path)}<span>${name}</span></button>`).join("");

  function staffCard(staff, win) {
    $("staff-name").textContent = staff ? staff.name : "窗口暂未开放";
    $("staff-no").textContent = staff ? "工号：" + staff.staff_no : "";
    $("window-name").textContent = win ? `${win.number}号窗口 · ${win.name}` : "";
    const avatar = $("avatar");
    avatar.textContent = staff && !staff.photo_url ? staff.name.slice(0, 1) : "";
    avatar.style.backgroundImage = staff && staff.photo_url ? `url(${staff.photo_url})` : "";
  }
  function ask(ratingToken) {
    token = ratingToken;
    clearTimeout(backTimer);
    show("ask");
    backTimer = setTimeout(idle, 120000);  // nobody rated: back to idle (the service may be rated later by QR)
  }
  async function submit(reasons, comment) {
    clearTimeout(backTimer);
    try {
      await Hall.api("POST", "/ratings", { rating_token: token, level: level, reasons: reasons, comment: comment, channel: "pad" },
                     { deviceToken: deviceToken });
      $("thanks-text").textContent = "感谢您的评价！";
    } catch (err) {
      $("thanks-text").textContent = err.code === "already_rated" ? "本次服务已评价，感谢您的支持" : err.message;
    }
    show("thanks");
    backTimer = setTimeout(idle, IDLE_MS);
  }
  document.querySelectorAll("[data-level]").forEach((b) => {
    b.onclick = () => {
      level = parseInt(b.dataset.level, 10);
      if (level <= 2) {
        $("reason-list").innerHTML = badReasons.map((r) => `<button class="reason" aria-pressed="false">${Hall.escapeHtml(r)}</button>`).join("");
        document.querySelectorAll(".reason").forEach((r) => {
          r.onclick = () => r.setAttribute("aria-pressed", String(r.getAttribute("aria-pressed") !== "true"));
        });
        $("comment").value = "";
        show("reasons");
      } else {
        submit([], "");
      }
    };
  });
  $("submit-bad").onclick = () => submit(
    Array.from(document.querySelectorAll('.reason[aria-pressed="true"]')).map((r) => r.textContent), $("comment").value);

  Hall.api("GET", "/ratings/levels").then((r) => { badReasons = r.bad_reasons; }).catch(() => {});
  Hall.registeredDevice("rating_pad", n).then((token) => { deviceToken = token; listen(); });
  const listen = () => Hall.live(`rating_pad:${n}`, {
    state: (s) => { staffCard(s.staff, s.window); if (s.pending_rating_token && !token) ask(s.pending_rating_token); },
    window_changed: (w) => staffCard(w.staff, w),
    rating_requested: (r) => ask(r.rating_token),
  }, { deviceToken: deviceToken,
       onStatus: (s) => { $("conn").textContent = s === "online" ? "" : "连接中断"; $("conn").className = "conn " + s; } });
})();
