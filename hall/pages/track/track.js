/* A ticket's live place in line, opened from its QR code; rating by phone. */
(function () {
  "use strict";
  const token = decodeURIComponent(location.pathname.split("/").pop());
  const $ = (id) => document.getElementById(id);
  let warnedNear = false, warnedCalled = false;
  function alertUser(text) {
    if (navigator.vibrate) navigator.vibrate([300, 150, 300]);
    if (window.Notification && Notification.permission === "granted") new Notification(text);
  }
  function render(t) {
    $("hall").textContent = t.hall_name + " · " + t.queue_name;
    $("num").textContent = t.number;
    $("status").textContent = t.status_name;
    $("ahead").innerHTML = t.status === "waiting"
      ? `您前面还有 <b>${t.waiting_ahead}</b> 人，预计约 ${t.estimated_wait_minutes} 分钟` : "";
    const called = t.status === "called" && t.call_text;
    $("called").classList.toggle("hidden", !called && t.status !== "finished");
    $("called").textContent = t.status === "finished" ? "感谢您的办理！" : called ? t.call_text : "";
    if (t.status === "waiting" && t.waiting_ahead <= 3 && !warnedNear) { warnedNear = true; alertUser(`${t.number}号：前面还有${t.waiting_ahead}人，请做好准备`); }
    if (called && !warnedCalled) { warnedCalled = true; alertUser(t.call_text); }
    rating = t.rating_token;
    $("rate").classList.toggle("hidden", !rating);
  }
  let rating = null;
  let resting = false, again = false;
  function refresh() {   // at most every two seconds however fast the queue moves; the last change is never lost
    if (resting) { again = true; return; }
    resting = true;
    Hall.api("GET", "/tickets/by-token/" + encodeURIComponent(token)).then(render).catch(() => {});
    setTimeout(() => { resting = false; if (again) { again = false; refresh(); } }, 2000);
  }
  document.querySelectorAll("[data-level]").forEach((b) => {
    b.onclick = async () => {
      try {
        await Hall.api("POST", "/ratings", { rating_token: rating, level: parseInt(b.dataset.level, 10), channel: "phone" });
        $("rate").innerHTML = "<p>感谢您的评价！</p>";
      } catch (err) { $("rate").innerHTML = `<p>${Hall.escapeHtml(err.message)}</p>`; }
    };
  });
  $("notify").onclick = () => { if (window.Notification) Notification.requestPermission(); };
  Hall.live("ticket:" + token, {
    state: (s) => render(s.ticket),
    ticket_changed: refresh,
    queue_changed: refresh,   // someone ahead was called: a new place in line
    ticket_called: refresh,
    join_error: () => { $("hall").textContent = "未找到此号票，请核对二维码"; },
  }, { onStatus: (s) => { $("conn").textContent = s === "online" ? "" : "连接中断，正在重连"; } });
})();
