/* A window's screen above the counter: number, staff card, the ticket being served. */
(function () {
  "use strict";
  const n = Hall.pathNumber();
  const $ = (id) => document.getElementById(id);
  function render(w) {
    $("no").textContent = w.number;
    $("wname").textContent = w.name;
    $("name").textContent = w.staff ? w.staff.name : "暂无人员";
    $("sno").textContent = w.staff ? "工号 " + w.staff.staff_no : "";
    $("photo").textContent = w.staff && !w.staff.photo_url ? w.staff.name.slice(0, 1) : "";
    $("photo").style.backgroundImage = w.staff && w.staff.photo_url ? `url(${w.staff.photo_url})` : "";
    const off = w.status === "closed" || w.status === "paused";
    $("cur").classList.toggle("off", off);
    $("num").textContent = w.status === "closed" ? "未开放" : w.status === "paused" ? "暂停服务" : (w.current_ticket || "—");
  }
  Hall.registeredDevice("window_screen", n).then((device) => Hall.live("window:" + n,
    { state: (s) => render(s.window), window_changed: render },
    { deviceToken: device, onStatus: (s) => { $("conn").textContent = s === "online" ? "" : "连接中断"; } }));
})();
