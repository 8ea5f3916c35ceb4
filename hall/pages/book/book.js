/* A citizen books an appointment (预约) on the phone. */
(async function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const esc = Hall.escapeHtml;
  let day = null, start = null;
  const [hall, items, dates] = await Promise.all([Hall.api("GET", "/hall"), Hall.api("GET", "/items"),
                                                 Hall.api("GET", "/appointments/dates")]);
  $("title").textContent = `${hall.name} · 预约办事`;
  $("item").innerHTML = items.filter((i) => i.kind !== "joint")
    .map((i) => `<option value="${esc(i.code)}">${esc(i.department)}｜${esc(i.name)}</option>`).join("");
  const chip = (label, pressed, disabled) => `<button type="button" class="chip" aria-pressed="${pressed}"${disabled ? " disabled" : ""}>${label}</button>`;
  function renderDates() {
    $("dates").innerHTML = dates.map((d) => chip(d.slice(5).replace("-", "月") + "日", d === day)).join("");
    $("dates").querySelectorAll(".chip").forEach((b, i) => { b.onclick = () => { day = dates[i]; start = null; renderDates(); loadSlots(); }; });
  }
  async function loadSlots() {
    const slots = await Hall.api("GET", `/appointments/slots?item_code=${encodeURIComponent($("item").value)}&date=${day}`);
    $("slots").innerHTML = slots.map((s) => chip(`${s.start}–${s.end}（余${s.capacity - s.booked}）`, s.start === start,
                                                  s.booked >= s.capacity)).join("");
    $("slots").querySelectorAll(".chip").forEach((b, i) => { b.onclick = () => { start = slots[i].start; loadSlots(); }; });
  }
  $("item").onchange = () => { if (day) loadSlots(); };
  renderDates();
  $("form").onsubmit = async (e) => {
    e.preventDefault();
    $("error").textContent = "";
    if (!day || !start) { $("error").textContent = "请选择日期和时段"; return; }
    try {
      const a = await Hall.api("POST", "/appointments", { item_code: $("item").value, date: day, start: start,
        applicant: { name: $("name").value.trim(), id_number: $("id_number").value.trim(), phone: $("phone").value.trim() } });
      $("form").classList.add("hidden");
      $("done").classList.remove("hidden");
      $("done").innerHTML = `<p>预约成功，您的预约码</p><b id="code">${esc(a.appointment_code)}</b>` +
        `<p>${esc(a.item_name)}<br>${a.date} ${a.start}–${a.end}</p><p>请在预约时段前30分钟内到大厅取号机“预约签到”取号。</p>`;
    } catch (err) { $("error").textContent = err.message; }
  };
})();
