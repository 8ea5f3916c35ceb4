/* 对接外部系统 (managers): the hall's integrations, a new one, and one integration's deliveries
 * (推送失败 / 待推送 / 已送达) with a 重新推送 button on the dead ones. */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const esc = Hall.escapeHtml;
  const toast = Hall.toast;
  const EVENTS = {
    "ticket.issued": "取号", "ticket.called": "叫号", "service.finished": "办理结束", "rating.created": "好差评",
    "case.accepted": "办件受理", "case.decided": "办件决定", "case.completed": "办件办结",
    "rectification.closed": "差评整改办结", "complaint.answered": "投诉答复",
  };
  const STATUS = { pending: "待推送", delivered: "已送达", dead: "推送失败" };
  let chosen = null;
  let status = "dead";
  const session = Hall.staffSession({ roles: ["manager", "admin"], refuse: "此页面供大厅管理人员使用", onSignedIn: start });
  const time = (iso) => (iso ? iso.slice(0, 16).replace("T", " ") : "—");   // the hall's own time, as the server gives it

  $("new-events").innerHTML = Object.entries(EVENTS).map(([name, label]) =>
    `<label><input type="checkbox" value="${name}" ${name === "rating.created" ? "checked" : ""}> ${label}（${name}）</label>`).join("");

  async function loadIntegrations() {
    const list = await session.call("GET", "/admin/integrations");
    if (!chosen && list.length) chosen = list[0].id;
    $("integrations").innerHTML = "<tr><th>名称</th><th>接收地址</th><th>订阅事件</th><th>已送达</th><th>待推送</th><th>推送失败</th><th></th></tr>" +
      (list.length ? list.map((i) => `<tr data-id="${i.id}" class="${i.id === chosen ? "chosen" : ""}">` +
        `<td>${esc(i.name)}${i.failing_since ? `<div class="dead">自 ${time(i.failing_since)} 起推送失败</div>` : ""}</td>` +
        `<td class="error-text">${esc(i.url)}</td><td>${i.events.map((e) => esc(EVENTS[e] || e)).join("、")}</td>` +
        `<td>${i.counts.delivered}</td><td>${i.counts.pending}</td><td class="${i.counts.dead ? "dead" : ""}">${i.counts.dead}</td>` +
        `<td><button type="button" data-show="${i.id}">推送记录</button> ` +
        `<button type="button" data-active="${i.active ? "false" : "true"}" data-id="${i.id}">${i.active ? "停用" : "启用"}</button>` +
        `${i.active ? "" : '<div class="dead">已停用</div>'}</td></tr>`).join("")
        : '<tr><td colspan="7">尚未对接任何系统</td></tr>');
    const current = list.find((i) => i.id === chosen);
    $("deliveries-title").textContent = current ? `推送记录 · ${current.name}` : "推送记录";
  }

  async function loadDeliveries() {
    document.querySelectorAll(".filters button").forEach((b) => b.classList.toggle("on", b.dataset.status === status));
    if (!chosen) { $("deliveries").innerHTML = ""; return; }
    const rows = await session.call("GET", `/admin/integrations/${chosen}/deliveries?status=${status}`);
    $("deliveries").innerHTML = "<tr><th>编号</th><th>事件</th><th>事件ID</th><th>状态</th><th>尝试次数</th><th>最近结果</th><th>写入时间</th><th></th></tr>" +
      (rows.length ? rows.map((d) => `<tr data-delivery="${d.id}"><td>${d.id}</td><td>${esc(EVENTS[d.event] || d.event)}</td>` +
        `<td class="error-text">${esc(d.event_id)}</td><td class="${d.status}">${STATUS[d.status]}</td><td>${d.attempts}</td>` +
        `<td class="error-text">${d.last_status ? "HTTP " + d.last_status : esc(d.last_error || "—")}</td><td>${time(d.created_at)}</td>` +
        `<td>${d.status === "dead" ? `<button type="button" class="ok" data-retry="${d.id}">重新推送</button>` : ""}</td></tr>`).join("")
        : `<tr><td colspan="8">没有${STATUS[status]}的记录</td></tr>`);
  }

  async function refresh() {
    await loadIntegrations();
    await loadDeliveries();
  }

  $("integrations").addEventListener("click", async (e) => {
    const flip = e.target.dataset.active;
    if (flip) {           // 停用 / 启用: a stopped system gets no new events, its history stays
      const active = flip === "true";
      if (!active && !confirm("停用后该系统不再接收新事件，确定停用？")) return;
      try {
        await session.call("PUT", `/admin/integrations/${e.target.dataset.id}`, { active });
        toast(active ? "已启用" : "已停用");
      } catch (err) { toast(err.message, true); }
      refresh().catch(() => {});
      return;
    }
    const id = e.target.dataset.show;
    if (!id) return;
    chosen = Number(id);
    refresh().catch((err) => toast(err.message, true));
  });
  document.querySelector(".filters").addEventListener("click", (e) => {
    if (!e.target.dataset.status) return;
    status = e.target.dataset.status;
    loadDeliveries().catch((err) => toast(err.message, true));
  });
  $("deliveries").addEventListener("click", async (e) => {
    const id = e.target.dataset.retry;
    if (!id) return;
    e.target.disabled = true;
    try {
      await session.call("POST", `/admin/deliveries/${id}/retry`);
      toast("已重新加入推送队列");
    } catch (err) { toast(err.message, true); }
    refresh().catch(() => {});
  });
  $("new-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const events = [...document.querySelectorAll("#new-events input:checked")].map((i) => i.value);
    try {
      const made = await session.call("POST", "/admin/integrations", { name: $("new-name").value, url: $("new-url").value,
        secret: $("new-secret").value, events });
      chosen = made.id;
      $("new-form").reset();
      toast("已保存");
    } catch (err) { toast(err.message, true); }
    refresh().catch(() => {});
  });

  function start() {
    refresh().catch((err) => toast(err.message, true));
    setInterval(() => { if (!document.hidden) refresh().catch(() => {}); }, 5000);
  }
})();
