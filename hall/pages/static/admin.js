/* 管理后台 (/admin): a hall's departments, queues, windows, items with their service guides,
 * staff, opening hours, and the catalog's import from and export to Excel. Every list is read
 * from /api/v1/admin/…; every error shown is the API's own Chinese message. */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const esc = Hall.escapeHtml;
  const session = Hall.staffSession({
    roles: ["manager", "admin"], refuse: "仅大厅管理人员和系统管理员可以登录管理后台",
    onSignedIn: start,
  });
  const call = session.call;
  const data = { departments: [], queues: [], windows: [], items: [], staff: [] };

  const KINDS = { instant: "即办件", committed: "承诺件", joint: "联办件", report: "上报件" };
  const FORMS = { original: "原件", copy: "复印件", either: "原件或复印件", both: "原件及复印件" };
  const FORM_CODES = { "原件": "original", "复印件": "copy", "原件或复印件": "either", "原件及复印件": "both" };
  const ROLES = { window: "窗口人员", manager: "大厅管理人员", reviewer: "部门审查人员", supervisor: "电子监察人员",
                  helper: "帮办代办人员", admin: "系统管理员", regional: "区域管理人员" };
  const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  function failed(err) {   // a 401 is the session's: the login form is back
    if (err.status !== 401) Hall.toast(err.message, true);
  }
  const inactive = (row) => row.active === false || row.deactivated === true || !!row.deactivated_at;
  const stateCell = (row) => inactive(row) ? '<span class="tag off">已停用</span>' : '<span class="tag on">使用中</span>';
  const deptName = (code) => { const d = data.departments.find((x) => x.code === code); return d ? d.name : (code || ""); };
  const queueName = (code) => { const q = data.queues.find((x) => x.code === code); return q ? `${q.prefix} ${q.name}` : (code || ""); };
  const codeOf = (value) => (value && typeof value === "object") ? value.code : value;

  /* A request whose body is a file (photo, .xlsx), with the session's token; JSON back. */
  async function upload(method, path, file, type) {
    const headers = { Accept: "application/json", Authorization: "Bearer " + session.token(),
                      "Content-Type": type || file.type || "application/octet-stream" };
    if (Hall.hall()) headers["X-Hall"] = Hall.hall();
    let response;
    try { response = await fetch("/api/v1" + path, { method: method, headers: headers, body: file }); } catch (err) {
      throw new Hall.ApiError(0, "network_error", "无法连接服务器，请稍后重试", null);
    }
    let body = null;
    try { body = await response.json(); } catch (err) { body = null; }
    if (!response.ok) {
      const e = (body && body.error) || {};
      throw new Hall.ApiError(response.status, e.code || "http_" + response.status,
                              e.message || "服务器返回错误（" + response.status + "）", body);
    }
    return body;
  }

  /* Saves an authorised download (export, template) under `name`. */
  async function download(path, name) {
    const headers = { Authorization: "Bearer " + session.token() };
    if (Hall.hall()) headers["X-Hall"] = Hall.hall();
    const response = await fetch("/api/v1" + path, { headers: headers });
    if (!response.ok) {
      let message = "下载失败（" + response.status + "）";
      try { message = (await response.json()).error.message || message; } catch (err) { /* not JSON */ }
      throw new Hall.ApiError(response.status, "download_failed", message, null);
    }
    const given = /filename\*=UTF-8''([^;]+)/i.exec(response.headers.get("Content-Disposition") || "");
    const a = document.createElement("a");
    a.href = URL.createObjectURL(await response.blob());
    a.download = given ? decodeURIComponent(given[1]) : name;
    document.body.appendChild(a); a.click(); a.remove();
  }

  // ---------------------------------------------------------------- tabs
  const loaders = { departments: loadDepartments, queues: loadQueues, windows: loadWindows, items: loadItems,
                    staff: loadStaff, hall: loadHall, transfer: () => {} };
  function showTab(name) {
    document.querySelectorAll("#tabs button").forEach((x) => x.classList.toggle("active", x.dataset.tab === name));
    Object.keys(loaders).forEach((id) => $(id).classList.toggle("hidden", id !== name));
    return Promise.resolve(loaders[name]()).catch(failed);
  }
  document.querySelectorAll("#tabs button").forEach((b) => { b.onclick = () => showTab(b.dataset.tab); });

  // ---------------------------------------------------------------- forms shared
  /* Each resource form: POST when new, PUT /admin/<resource>/<key> when editing a row. */
  const RESOURCES = {
    departments: { key: "code", read: readSimple, fill: fillSimple, reload: loadDepartments },
    queues: { key: "code", read: readQueue, fill: fillSimple, reload: loadQueues },
    windows: { key: "number", read: readWindow, fill: fillWindow, reload: loadWindows },
    items: { key: "code", read: readItem, fill: fillItem, reload: loadItems },
    staff: { key: "username", read: readStaff, fill: fillStaff, reload: loadStaff },
  };
  function setTitle(form, editing) {
    const h = form.closest(".card").querySelector("[data-title]");
    const [add, edit] = h.dataset.title.split("|");
    h.textContent = editing ? `${edit}：${editing}` : add;
  }
  function resetForm(form) {
    form.reset();
    delete form.dataset.editing;
    form.querySelector("[data-error]").textContent = "";
    form.querySelectorAll(".bad").forEach((x) => x.classList.remove("bad"));
    setTitle(form, null);
    const keyInput = form.elements[RESOURCES[form.dataset.resource].key];
    if (keyInput) keyInput.readOnly = false;
    if (form.id === "items-form") { $("materials").innerHTML = ""; $("reviewers").innerHTML = ""; addMaterial(); showJoint(); }
    if (form.id === "windows-form") renderQueueChecks([]);
  }
  function editRow(resource, row) {
    const spec = RESOURCES[resource];
    const form = $(resource + "-form");
    resetForm(form);
    spec.fill(form, row);
    form.dataset.editing = row[spec.key];
    form.elements[spec.key].readOnly = true;
    setTitle(form, row.name ? `${row[spec.key]} ${row.name}` : row[spec.key]);
    form.scrollIntoView({ block: "start" });
  }
  Object.keys(RESOURCES).forEach((resource) => {
    const form = $(resource + "-form");
    const spec = RESOURCES[resource];
    form.querySelector("[data-cancel]").onclick = () => resetForm(form);
    form.onsubmit = async (e) => {
      e.preventDefault();
      const box = form.querySelector("[data-error]");
      box.textContent = "";
      let body;
      try { body = spec.read(form); } catch (err) { box.textContent = err.message; return; }
      const editing = form.dataset.editing;
      try {
        if (editing) await call("PUT", `/admin/${resource}/${encodeURIComponent(editing)}`, body);
        else await call("POST", `/admin/${resource}`, body);
      } catch (err) { if (err.status !== 401) refused(form, err); return; }
      Hall.toast(editing ? "已保存修改" : "已新增");
      resetForm(form);
      await spec.reload();
    };
  });
  /* The API's Chinese message under the form, and the field it names marked. */
  function refused(form, err) {
    form.querySelector("[data-error]").textContent = err.message;
    const field = err.body && err.body.field;
    const input = field && form.elements[field];
    if (input && input.classList) { input.classList.add("bad"); input.focus(); }
  }
  document.querySelectorAll("form[data-resource]").forEach((form) => {
    form.addEventListener("input", (e) => { if (e.target.classList) e.target.classList.remove("bad"); });
  });
  /* Rows of a list get 修改 and 停用 buttons (data-edit / data-remove with the row's key). */
  function wireRows(resource, rows) {
    const spec = RESOURCES[resource];
    const list = $(resource + "-list");
    const find = (key) => rows.find((r) => String(r[spec.key]) === key);
    list.querySelectorAll("[data-edit]").forEach((b) => { b.onclick = () => editRow(resource, find(b.dataset.edit)); });
    list.querySelectorAll("[data-remove]").forEach((b) => {
      b.onclick = async () => {
        if (!confirm("删除后不再提供取号和办理；已被号票、办件等引用的只停用，历史记录仍保留。确定删除？")) return;
        let r;
        try { r = await call("DELETE", `/admin/${resource}/${encodeURIComponent(b.dataset.remove)}`); } catch (err) { failed(err); return; }
        Hall.toast(r && r.deleted ? "已删除" : "已停用（已有记录引用，历史保留）");
        await spec.reload();
      };
    });
    list.querySelectorAll("[data-restore]").forEach((b) => {
      b.onclick = async () => {
        try { await call("PUT", `/admin/${resource}/${encodeURIComponent(b.dataset.restore)}`, { active: true }); } catch (err) { failed(err); return; }
        Hall.toast("已重新启用");
        await spec.reload();
      };
    });
  }
  const rowButtons = (key, row) => `<td class="ops"><button type="button" class="secondary" data-edit="${esc(key)}">修改</button>` +
    (inactive(row) ? `<button type="button" class="secondary" data-restore="${esc(key)}">启用</button>`
      : `<button type="button" class="danger" data-remove="${esc(key)}">删除</button>`) + "</td>";
  const emptyRow = (cols, text) => `<tr><td colspan="${cols}" class="muted">${text}</td></tr>`;

  function readSimple(form) {
    return { code: form.elements.code.value.trim(), name: form.elements.name.value.trim() };
  }
  function fillSimple(form, row) {
    Object.keys(row).forEach((k) => { if (form.elements[k] && form.elements[k].type !== "checkbox") form.elements[k].value = row[k] == null ? "" : row[k]; });
  }
  /* <select data-options="departments|queues">: the current choices, keeping the chosen one. */
  function fillSelects() {
    document.querySelectorAll("select[data-options]").forEach((s) => {
      const chosen = s.value;
      const rows = data[s.dataset.options].filter((r) => !inactive(r));
      s.innerHTML = (s.dataset.empty !== undefined ? `<option value="">${esc(s.dataset.empty)}</option>` : "") +
        rows.map((r) => `<option value="${esc(r.code)}">${esc(s.dataset.options === "queues" ? r.prefix + " " + r.name : r.name)}</option>`).join("");
      if (chosen && rows.some((r) => r.code === chosen)) s.value = chosen;
    });
  }
  async function loadChoices() {
    const [departments, queues] = await Promise.all([call("GET", "/admin/departments"), call("GET", "/admin/queues")]);
    data.departments = departments; data.queues = queues;
    fillSelects();
  }

  // ---------------------------------------------------------------- departments
  async function loadDepartments() {
    await loadChoices();
    const rows = data.departments;
    $("departments-list").innerHTML = "<tr><th>代码</th><th>名称</th><th>状态</th><th></th></tr>" + (rows.length
      ? rows.map((d) => `<tr class="${inactive(d) ? "off" : ""}"><td>${esc(d.code)}</td><td>${esc(d.name)}</td><td>${stateCell(d)}</td>${rowButtons(d.code, d)}</tr>`).join("")
      : emptyRow(4, "尚无部门"));
    wireRows("departments", rows);
  }

  // ---------------------------------------------------------------- queues
  function readQueue(form) {
    const f = form.elements;
    return { code: f.code.value.trim(), prefix: f.prefix.value.trim().toUpperCase(), name: f.name.value.trim(),
             daily_cap: parseInt(f.daily_cap.value, 10), default_service_minutes: parseFloat(f.default_service_minutes.value),
             opens_at: f.opens_at.value.trim(), closes_at: f.closes_at.value.trim() };
  }
  async function loadQueues() {
    await loadChoices();
    const rows = data.queues;
    $("queues-list").innerHTML = "<tr><th>字头</th><th>代码</th><th>名称</th><th class=\"num\">每日限号</th><th class=\"num\">预设时长</th><th>取号时间</th><th>状态</th><th></th></tr>" +
      (rows.length ? rows.map((q) => `<tr class="${inactive(q) ? "off" : ""}"><td><b>${esc(q.prefix)}</b></td><td>${esc(q.code)}</td><td>${esc(q.name)}</td>` +
        `<td class="num">${esc(q.daily_cap)}</td><td class="num">${esc(q.default_service_minutes)} 分钟</td><td>${esc(q.opens_at ? q.opens_at + "–" + q.closes_at : "")}</td><td>${stateCell(q)}</td>${rowButtons(q.code, q)}</tr>`).join("")
        : emptyRow(8, "尚无队列"));
    wireRows("queues", rows);
  }

  // ---------------------------------------------------------------- windows
  /* The queues a window calls, in its calling preference: the order they were ticked in. */
  let windowQueues = [];
  function renderQueueChecks(chosen) {
    windowQueues = chosen.slice();
    const rows = data.queues.filter((q) => !inactive(q) || chosen.indexOf(q.code) >= 0);
    rows.sort((a, b) => rank(a.code) - rank(b.code));
    $("window-queues").innerHTML = rows.map((q) => `<label class="check"><input type="checkbox" value="${esc(q.code)}"` +
      `${chosen.indexOf(q.code) >= 0 ? " checked" : ""}> ${esc(q.prefix + " " + q.name)}<span class="order" data-order="${esc(q.code)}"></span></label>`).join("") ||
      '<span class="muted">请先新增队列</span>';
    $("window-queues").querySelectorAll("input").forEach((c) => {
      c.onchange = () => {
        windowQueues = windowQueues.filter((x) => x !== c.value);
        if (c.checked) windowQueues.push(c.value);
        showOrder();
      };
    });
    showOrder();
  }
  function rank(code) { const i = windowQueues.indexOf(code); return i < 0 ? 1000 : i; }
  function showOrder() {
    $("window-queues").querySelectorAll("[data-order]").forEach((s) => {
      const i = windowQueues.indexOf(s.dataset.order);
      s.textContent = i < 0 ? "" : `第${i + 1}顺位`;
    });
  }
  function readWindow(form) {
    const f = form.elements;
    return { number: parseInt(f.number.value, 10), name: f.name.value.trim(), department: f.department.value || null,
             queues: windowQueues.slice() };
  }
  function fillWindow(form, row) {
    form.elements.number.value = row.number;
    form.elements.name.value = row.name;
    const dept = codeOf(row.department_code !== undefined ? row.department_code : row.department);
    form.elements.department.value = data.departments.some((d) => d.code === dept) ? dept : "";
    renderQueueChecks((row.queues || []).map(codeOf));
  }
  async function loadWindows() {
    await loadChoices();
    const rows = data.windows = await call("GET", "/admin/windows");
    renderQueueChecks([]);
    $("windows-list").innerHTML = "<tr><th>窗口</th><th>名称</th><th>部门</th><th>队列</th><th>状态</th><th></th></tr>" +
      (rows.length ? rows.map((w) => `<tr class="${inactive(w) ? "off" : ""}"><td><b>${esc(w.number)}</b></td><td>${esc(w.name)}</td>` +
        `<td>${esc(w.department ? deptName(codeOf(w.department)) : "综合受理")}</td><td>${(w.queues || []).map((q) => esc(queueName(codeOf(q)))).join("、")}</td>` +
        `<td>${stateCell(w)}</td>${rowButtons(w.number, w)}</tr>`).join("")
        : emptyRow(6, "尚无窗口"));
    wireRows("windows", rows);
  }

  // ---------------------------------------------------------------- items (service guide editor)
  function addMaterial(m) {
    m = m || { code: "", name: "", form: "original", copies: 1, required: true };
    const form = FORMS[m.form] ? m.form : (FORM_CODES[m.form] || "original");
    const tr = document.createElement("tr");
    tr.innerHTML = `<td><input data-m="code" maxlength="40" value="${esc(m.code)}" placeholder="如：M01"></td>` +
      `<td><input data-m="name" maxlength="200" value="${esc(m.name)}" placeholder="材料名称"></td>` +
      `<td><select data-m="form">${Object.keys(FORMS).map((k) => `<option value="${k}"${k === form ? " selected" : ""}>${FORMS[k]}</option>`).join("")}</select></td>` +
      `<td><input data-m="copies" type="number" min="0" max="99" value="${esc(m.copies == null ? 1 : m.copies)}"></td>` +
      `<td><input data-m="required" type="checkbox"${m.required === false ? "" : " checked"}></td>` +
      '<td><button type="button" class="danger" data-drop>删除</button></td>';
    tr.querySelector("[data-drop]").onclick = () => tr.remove();
    $("materials").appendChild(tr);
    return tr;
  }
  function addReviewer(r) {
    r = r || { department: "", days: 5 };
    const tr = document.createElement("tr");
    tr.innerHTML = `<td><select data-r="department">${data.departments.filter((d) => !inactive(d)).map((d) =>
      `<option value="${esc(d.code)}"${d.code === r.department ? " selected" : ""}>${esc(d.name)}</option>`).join("")}</select></td>` +
      `<td><input data-r="days" type="number" min="1" max="365" value="${esc(r.days)}"></td>` +
      '<td><button type="button" class="danger" data-drop>删除</button></td>';
    tr.querySelector("[data-drop]").onclick = () => tr.remove();
    $("reviewers").appendChild(tr);
    return tr;
  }
  $("add-material").onclick = () => addMaterial().querySelector("input").focus();
  $("add-reviewer").onclick = () => addReviewer();
  function showJoint() { $("joint-box").classList.toggle("hidden", $("items-form").elements.kind.value !== "joint"); }
  $("items-form").elements.kind.onchange = showJoint;

  function readItem(form) {
    const f = form.elements;
    const materials = Array.from($("materials").querySelectorAll("tr")).map((tr) => {
      const v = (k) => tr.querySelector(`[data-m="${k}"]`);
      return { code: v("code").value.trim(), name: v("name").value.trim(), form: v("form").value,
               copies: parseInt(v("copies").value, 10) || 0, required: v("required").checked };
    }).filter((m) => m.code || m.name);
    const body = {
      code: f.code.value.trim(), name: f.name.value.trim(), department: f.department.value, queue: f.queue.value,
      kind: f.kind.value, category: f.category.value.trim(),
      legal_days: parseInt(f.legal_days.value, 10), promised_days: parseInt(f.promised_days.value, 10),
      fee: f.fee.value.trim(), fee_basis: f.fee_basis.value.trim(), basis: f.basis.value.trim(),
      conditions: f.conditions.value.trim(), limit_reason: f.limit_reason.value.trim(),
      steps: f.steps.value.split("\n").map((s) => s.trim()).filter(Boolean), materials: materials,
      // 统一收费: amounts and percentages go as the typed decimal text (the server reads them exactly)
      fee_rule: { kind: f.fee_kind.value,
                  amounts: f.fee_kind.value === "fixed" || f.fee_kind.value === "choice"
                    ? f.fee_amounts.value.split(/[,，、\s]+/).map((s) => s.trim()).filter(Boolean) : [],
                  percent: f.fee_kind.value === "percent"
                    ? f.fee_percent.value.split(/\s*(?:-|—|–|~|～)\s*/).map((s) => s.replace("%", "").trim()).filter(Boolean) : [] },
    };
    if (body.kind === "joint") {
      body.joint = { lead: f.joint_lead.value, reviewers: Array.from($("reviewers").querySelectorAll("tr")).map((tr) => ({
        department: tr.querySelector('[data-r="department"]').value, days: parseInt(tr.querySelector('[data-r="days"]').value, 10) })) };
    } else {
      body.joint = null;
    }
    return body;
  }
  function fillItem(form, row) {
    const f = form.elements;
    ["code", "name", "category", "legal_days", "promised_days", "fee", "fee_basis", "basis", "conditions",
     "limit_reason"].forEach((k) => {
      f[k].value = row[k] == null ? "" : row[k];
    });
    f.department.value = row.department_code || codeOf(row.department);
    f.queue.value = codeOf(row.queue);
    f.kind.value = row.kind;
    f.steps.value = (row.steps || []).join("\n");
    const rule = row.fee_rule || { kind: "none", amounts: [], percent: [] };
    f.fee_kind.value = rule.kind;
    f.fee_amounts.value = (rule.amounts || []).join(",");
    f.fee_percent.value = (rule.percent || []).join("-");
    $("materials").innerHTML = "";
    (row.materials || []).forEach(addMaterial);
    if (!(row.materials || []).length) addMaterial();
    $("reviewers").innerHTML = "";
    const joint = row.joint || {};
    f.joint_lead.value = joint.lead || "";
    (joint.reviewers || joint.co || []).forEach(addReviewer);
    showJoint();
  }
  function renderItems() {
    const needle = $("item-filter").value.trim().toLowerCase();
    const rows = data.items.filter((i) => !needle || (i.code + i.name).toLowerCase().indexOf(needle) >= 0);
    $("items-list").innerHTML = "<tr><th>代码</th><th>事项名称</th><th>部门</th><th>类型</th><th>队列</th><th class=\"num\">法定/承诺</th>" +
      "<th>材料</th><th>收费</th><th>状态</th><th></th></tr>" +
      (rows.length ? rows.map((i) => `<tr class="${inactive(i) ? "off" : ""}"><td>${esc(i.code)}</td><td>${esc(i.name)}</td>` +
        `<td>${esc(deptName(i.department_code || codeOf(i.department)))}</td><td>${esc(KINDS[i.kind] || i.kind)}</td>` +
        `<td>${esc(queueName(codeOf(i.queue)))}</td><td class="num">${esc(i.legal_days)} / ${esc(i.promised_days)} 日</td>` +
        `<td class="num">${(i.materials || []).length} 项</td><td>${esc(i.fee)}</td><td>${stateCell(i)}</td>${rowButtons(i.code, i)}</tr>`).join("")
        : emptyRow(10, needle ? "没有符合条件的事项" : "尚无事项"));
    wireRows("items", rows);
  }
  $("item-filter").oninput = renderItems;
  async function loadItems() {
    await loadChoices();
    data.items = await call("GET", "/admin/items");
    renderItems();
    if (!$("items-form").dataset.editing && !$("materials").children.length) addMaterial();
  }

  // ---------------------------------------------------------------- staff
  function readStaff(form) {
    const f = form.elements;
    const body = { username: f.username.value.trim(), name: f.name.value.trim(), staff_no: f.staff_no.value.trim() || null,
                   roles: [f.role.value], department: f.department.value || null,
                   window: f.window.value ? parseInt(f.window.value, 10) : null };
    if (f.password.value) body.password = f.password.value;
    else if (!form.dataset.editing) throw new Error("新增人员须设置初始密码（8位以上）");
    return body;
  }
  function fillStaff(form, row) {
    const f = form.elements;
    f.username.value = row.username; f.name.value = row.name; f.staff_no.value = row.staff_no || "";
    f.role.value = (row.roles && row.roles[0]) || row.role || "window";
    f.department.value = row.department_code || codeOf(row.department) || "";
    f.window.value = row.window || row.home_window || "";
  }
  let photoFor = null;
  $("photo-file").onchange = async () => {
    const file = $("photo-file").files[0];
    $("photo-file").value = "";
    if (!file || !photoFor) return;
    try { await upload("PUT", `/admin/staff/${encodeURIComponent(photoFor)}/photo`, file); } catch (err) { failed(err); return; }
    Hall.toast("照片已更新");
    loadStaff().catch(failed);
  };
  async function loadStaff() {
    await loadChoices();
    const rows = data.staff = await call("GET", "/admin/staff");
    $("staff-list").innerHTML = "<tr><th>照片</th><th>用户名</th><th>姓名</th><th>工号</th><th>角色</th><th>部门</th><th>窗口</th><th>状态</th><th></th></tr>" +
      (rows.length ? rows.map((s) => `<tr class="${inactive(s) ? "off" : ""}">` +
        `<td>${s.photo_url ? `<img class="photo" alt="" src="${esc(s.photo_url)}">` : '<span class="muted">无</span>'}</td>` +
        `<td>${esc(s.username)}</td><td>${esc(s.name)}</td><td>${esc(s.staff_no || "")}</td>` +
        `<td>${(s.roles || [s.role]).map((r) => esc(ROLES[r] || r)).join("、")}</td>` +
        `<td>${esc(deptName(s.department_code || codeOf(s.department)))}</td><td>${esc(s.window || s.home_window || "")}</td>` +
        `<td>${stateCell(s)}${s.must_change_password ? ' <span class="tag">待改密码</span>' : ""}</td>` +
        `<td class="ops"><button type="button" class="secondary" data-photo="${esc(s.username)}">上传照片</button>` +
        `<button type="button" class="secondary" data-reset="${esc(s.username)}">重置密码</button>` +
        `<button type="button" class="secondary" data-edit="${esc(s.username)}">修改</button>` +
        (inactive(s) ? `<button type="button" class="secondary" data-restore="${esc(s.username)}">启用</button>`
          : `<button type="button" class="danger" data-remove="${esc(s.username)}">删除</button>`) + "</td></tr>").join("")
        : emptyRow(9, "尚无人员"));
    wireRows("staff", rows);
    $("staff-list").querySelectorAll("[data-photo]").forEach((b) => {
      b.onclick = () => { photoFor = b.dataset.photo; $("photo-file").click(); };
    });
    $("staff-list").querySelectorAll("[data-reset]").forEach((b) => {
      b.onclick = async () => {
        if (!confirm(`为 ${b.dataset.reset} 重置密码？原密码将立即失效。`)) return;
        let r;
        try { r = await call("POST", `/admin/staff/${encodeURIComponent(b.dataset.reset)}/reset-password`, {}); } catch (err) { failed(err); return; }
        $("reset-password").textContent = `${b.dataset.reset}：${r.temporary_password}`;
        $("reset-box").classList.remove("hidden");
        loadStaff().catch(failed);   // the account is shown as 待改密码 now
      };
    });
  }

  // ---------------------------------------------------------------- hall settings
  const hallForm = $("hall-form");
  function clockInputs() {
    const open = hallForm.elements.around_the_clock.checked;
    ["opens_at", "closes_at", "ticket_cutoff_minutes", "open_on"].forEach((k) => { hallForm.elements[k].disabled = open; });
  }
  hallForm.elements.around_the_clock.onchange = clockInputs;
  async function loadHall() {
    const h = await call("GET", "/hall");
    $("title").textContent = h.name + " · 管理后台";
    const f = hallForm.elements;
    f.name.value = h.name;
    if ("opens_at" in h) {
      f.around_the_clock.checked = h.opens_at === null;
      if (h.opens_at) f.opens_at.value = h.opens_at.slice(0, 5);
      if (h.closes_at) f.closes_at.value = h.closes_at.slice(0, 5);
    }
    if (h.ticket_cutoff_minutes != null) f.ticket_cutoff_minutes.value = h.ticket_cutoff_minutes;
    if (h.open_on) f.open_on.value = h.open_on;
    clockInputs();
    const admin = session.staff() && session.staff().role === "admin";
    $("halls-card").classList.toggle("hidden", !admin);
    if (admin) loadHalls().catch(() => { $("halls-list").innerHTML = ""; });
  }
  hallForm.onsubmit = async (e) => {
    e.preventDefault();
    const f = hallForm.elements;
    const box = hallForm.querySelector("[data-error]");
    box.textContent = "";
    const open = f.around_the_clock.checked;
    const body = { name: f.name.value.trim(), opens_at: open ? null : f.opens_at.value, closes_at: open ? null : f.closes_at.value,
                   ticket_cutoff_minutes: open ? 0 : parseInt(f.ticket_cutoff_minutes.value, 10) || 0,
                   open_on: open ? "every_day" : f.open_on.value };
    try { await call("PUT", "/admin/hall", body); } catch (err) { if (err.status !== 401) box.textContent = err.message; return; }
    Hall.toast("大厅设置已保存");
  };
  const LEVELS = { city: "市级", county: "县（区）级", township: "乡镇（街道）级" };
  async function loadHalls() {
    const rows = await call("GET", "/admin/halls");
    $("halls-list").innerHTML = "<tr><th>代码</th><th>名称</th><th>层级</th><th>上级</th></tr>" + rows.map((h) =>
      `<tr><td>${esc(h.code)}</td><td>${esc(h.name)}</td><td>${esc(LEVELS[h.level] || h.level || "")}</td><td>${esc(codeOf(h.parent) || "")}</td></tr>`).join("");
  }
  $("halls-form").onsubmit = async (e) => {
    e.preventDefault();
    const f = $("halls-form").elements;
    const box = $("halls-form").querySelector("[data-error]");
    box.textContent = "";
    try {
      await call("POST", "/admin/halls", { code: f.code.value.trim(), name: f.name.value.trim(), level: f.level.value,
                                           parent: f.parent.value.trim() || null });
    } catch (err) { if (err.status !== 401) box.textContent = err.message; return; }
    Hall.toast("已新增大厅");
    $("halls-form").reset();
    loadHalls().catch(failed);
  };

  // ---------------------------------------------------------------- import and export
  $("export").onclick = () => download("/admin/export.xlsx", "事项清单导出.xlsx").catch(failed);
  $("template").onclick = () => download("/admin/import-template.xlsx", "导入模板.xlsx").catch(failed);
  let checked = null;   // the file that passed its dry run
  $("import-file").onchange = () => { checked = null; $("do-import").disabled = true; $("import-summary").textContent = ""; };
  function summary(r, dry) {
    const errors = (r.errors || []).length;
    if (errors) return `${dry ? "预检" : "导入"}未通过：${errors} 处错误，未写入任何数据`;
    return dry ? `预检通过：将新增 ${r.created} 条、更新 ${r.updated} 条` : `导入完成：新增 ${r.created} 条、更新 ${r.updated} 条`;
  }
  function showErrors(errors) {
    $("import-errors").innerHTML = errors.length
      ? "<tr><th>工作表</th><th class=\"num\">行</th><th>字段</th><th>问题</th></tr>" + errors.map((x) =>
        `<tr><td>${esc(x.sheet)}</td><td class="num">${esc(x.row)}</td><td>${esc(x.field || "")}</td><td class="error">${esc(x.message)}</td></tr>`).join("")
      : '<tr><td class="ok">没有发现错误，可以确认导入。</td></tr>';
  }
  async function sendImport(dry) {
    const file = $("import-file").files[0];
    if (!file) { Hall.toast("请先选择 Excel 文件（.xlsx）", true); return; }
    let r;
    try { r = await upload("POST", "/admin/import" + (dry ? "?dry_run=1" : ""), file, XLSX); } catch (err) {
      if (err.body && err.body.errors) r = err.body;   // a refused import answers its errors too
      else { failed(err); $("import-summary").textContent = err.message; return; }
    }
    const errors = r.errors || [];
    $("import-summary").textContent = summary(r, dry);
    showErrors(errors);
    checked = dry && !errors.length ? file : null;
    $("do-import").disabled = !checked;
    if (!dry && !errors.length) { Hall.toast("导入完成"); $("import-file").value = ""; }
  }
  $("dry-run").onclick = () => sendImport(true);
  $("do-import").onclick = () => { if (checked) sendImport(false); };

  // ---------------------------------------------------------------- 节假日 (calendar years)
  /* The years whose holidays are known (GET /calendar/years: the library's or entered here)
   * and the form for a year's State Council notice (PUT /calendar/years/<yyyy>). */
  loaders.calendar = loadCalendar;
  const calendarForm = $("calendar-form");
  const SOURCES = { library: "节假日库（系统自带）", entered: "本系统录入" };
  let calendarYears = [];
  /* "2027-01-01", "2027-02-05至2027-02-11" (or ~), separated by lines, commas or 、 → ISO dates. */
  function readDates(text, label) {
    const out = [];
    text.split(/[\n,，、;；\s]+/).map((x) => x.trim()).filter(Boolean).forEach((part) => {
      const range = part.split(/至|~|～/);
      const days = range.map((d) => d.trim().replace(/[./年月]/g, "-").replace(/日$/, ""));
      days.forEach((d) => {
        if (!/^\d{4}-\d{1,2}-\d{1,2}$/.test(d) || isNaN(Date.parse(iso(d)))) throw new Error(`${label}中的“${part}”不是日期（应为YYYY-MM-DD）`);
      });
      if (days.length === 1) { out.push(iso(days[0])); return; }
      if (days.length !== 2) throw new Error(`${label}中的“${part}”格式不对`);
      let day = new Date(iso(days[0]) + "T00:00:00Z");
      const last = new Date(iso(days[1]) + "T00:00:00Z");
      if (last < day) throw new Error(`${label}中的“${part}”起止颠倒`);
      for (; day <= last; day = new Date(day.getTime() + 86400000)) out.push(day.toISOString().slice(0, 10));
    });
    return Array.from(new Set(out)).sort();
  }
  function iso(d) { const [y, m, n] = d.split("-"); return `${y}-${m.padStart(2, "0")}-${n.padStart(2, "0")}`; }
  /* Consecutive days written as one range again, for the form and the list. */
  function ranges(dates) {
    const out = [];
    dates.forEach((d) => {
      const last = out[out.length - 1];
      const next = last && new Date(new Date(last[1] + "T00:00:00Z").getTime() + 86400000).toISOString().slice(0, 10);
      if (last && next === d) last[1] = d; else out.push([d, d]);
    });
    return out.map(([a, b]) => a === b ? a : `${a}至${b}`);
  }
  async function loadCalendar() {
    calendarYears = await call("GET", "/calendar/years");
    const known = new Set(calendarYears.map((y) => y.year));
    const now = new Date().getFullYear();
    const missing = [now, now + 1].filter((y) => !known.has(y));
    $("calendar-warning").textContent = missing.length
      ? `${missing.map((y) => y + "年").join("、")}的节假日安排尚未录入：跨入该年的办理期限按周一至周五暂算（暂定），请在国务院办公厅通知发布后录入。` : "";
    $("calendar-warning").classList.toggle("hidden", !missing.length);
    $("calendar-list").innerHTML = "<tr><th>年份</th><th>来源</th><th class=\"num\">放假</th><th class=\"num\">调休上班</th><th>调休上班日期</th><th></th></tr>" +
      (calendarYears.length ? calendarYears.map((y) => `<tr><td><b>${esc(y.year)}</b></td>` +
        `<td>${esc(SOURCES[y.source] || y.source)}${y.source === "entered" ? `<br><span class="muted">${esc(y.entered_by || "")} ${esc((y.entered_at || "").slice(0, 10))}</span>` : ""}</td>` +
        `<td class="num">${y.holidays.length} 天</td><td class="num">${y.workdays.length} 天</td>` +
        `<td class="dates">${esc(ranges(y.workdays).join("、"))}</td>` +
        `<td class="ops"><button type="button" class="secondary" data-year="${esc(y.year)}">${y.source === "entered" ? "修改" : "更正"}</button></td></tr>`).join("")
        : emptyRow(6, "尚无年份"));
    $("calendar-list").querySelectorAll("[data-year]").forEach((b) => {
      b.onclick = () => fillCalendar(calendarYears.find((y) => String(y.year) === b.dataset.year));
    });
    if (!calendarForm.elements.year.value) calendarForm.elements.year.value = missing.length ? missing[0] : now + 1;
  }
  function fillCalendar(y) {
    const f = calendarForm.elements;
    f.year.value = y.year;
    f.holidays.value = ranges(y.holidays).join("\n");
    f.workdays.value = ranges(y.workdays).join("\n");
    calendarForm.querySelector("[data-error]").textContent = "";
    calendarForm.scrollIntoView({ block: "start" });
  }
  $("calendar-clear").onclick = () => { calendarForm.reset(); calendarForm.querySelector("[data-error]").textContent = ""; };
  calendarForm.onsubmit = async (e) => {
    e.preventDefault();
    const f = calendarForm.elements;
    const box = calendarForm.querySelector("[data-error]");
    box.textContent = "";
    const year = parseInt(f.year.value, 10);
    let body;
    try {
      if (!year) throw new Error("请填写年份");
      body = { holidays: readDates(f.holidays.value, "放假日期"), workdays: readDates(f.workdays.value, "调休上班日期") };
      if (!body.holidays.length) throw new Error("请填写放假日期");
    } catch (err) { box.textContent = err.message; return; }
    try { await call("PUT", `/calendar/years/${year}`, body); } catch (err) { if (err.status !== 401) box.textContent = err.message; return; }
    Hall.toast(`已录入${year}年节假日安排，在办件的暂定期限已重新计算`);
    await loadCalendar();
  };

  // ---------------------------------------------------------------- signed in (Hall.staffSession)
  /* An admin (the deployment's) chooses the hall to set up: ?hall=<code> on the address. */
  async function hallPicker(current) {
    const halls = await call("GET", "/admin/halls");
    const picker = $("hall-picker");
    picker.innerHTML = halls.map((h) => `<option value="${esc(h.code)}">${esc(h.name)}</option>`).join("");
    picker.value = current;
    picker.classList.remove("hidden");
    picker.onchange = () => { location.search = "?hall=" + encodeURIComponent(picker.value); };
  }
  function start(staff) {
    Hall.hallInfo(session.token()).then((h) => {
      $("title").textContent = h.name + " · 管理后台";
      if (staff.role === "admin") return hallPicker(h.code);
    }).catch(failed);
    resetForm($("items-form"));
    return showTab("departments");
  }
})();
