/* Kiosk: 到号短信提醒. Only where the hall has a notification gateway (GET /hall answers
 * notifications: true) does the service guide's 取号 bar offer an optional mobile number,
 * typed on its own keypad; the ticket is then taken with it and the server tells the phone
 * when the turn is near (HALL_NOTIFY_AHEAD). Without a gateway nothing is offered, so no
 * screen promises an SMS that will never come. The number is forgotten on going home. */
(function () {
  "use strict";
  const K = window.Kiosk;
  if (!K) return;
  const $ = (id) => document.getElementById(id);
  let phone = "";

  function render() {
    const box = $("phone-input");
    box.textContent = phone || "到号短信提醒（选填）：请输入手机号";
    box.classList.toggle("empty", !phone);
    $("phone-hint").textContent = phone && phone.length !== 11 ? "手机号应为11位" : "";
  }

  function build() {
    const bar = document.querySelector("#screen-guide .take-bar");
    const wrap = document.createElement("div");
    wrap.id = "phone-box";
    wrap.innerHTML = '<div class="search-input empty" id="phone-input"></div><div id="phone-hint" class="phone-hint"></div>' +
      '<div class="keys phone-keys" id="phone-keys"></div>';
    bar.insertBefore(wrap, bar.firstChild);
    ["1", "2", "3", "4", "5", "6", "7", "8", "9", "清空", "0", "删除"].forEach((k) => {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = k;
      b.onclick = () => {
        phone = k === "删除" ? phone.slice(0, -1) : k === "清空" ? "" : (phone + k).slice(0, 11);
        render();
      };
      $("phone-keys").appendChild(b);
    });
    render();
  }

  K.addTicketFields((body) => (body.item_code && /^1\d{10}$/.test(phone) ? { phone: phone } : {}));
  K.onHome(() => { phone = ""; if ($("phone-input")) render(); });
  Hall.hallInfo().then((hall) => { if (hall.notifications) build(); }).catch(() => {});
})();
