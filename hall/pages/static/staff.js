/* Staff sign-in, shared by every staff page (window console, manager, oversight, region,
 * joint review): one login token kept for the browser tab under one key, one login form
 * behaviour, one answer to a 401 (the login ran out or was revoked: the form comes back).
 *
 * The page has a form #login-form (inside the element #login) with #username, #password, a
 * submit button and an .error element, and shows #main (opts.main) once signed in; an
 * element #who, where there is one, shows who is signed in, with a 修改密码 button beside it.
 *
 * An account that must change its password (new, or reset by a manager: the login answers
 * must_change_password) sees a change-password form instead of the page, and enters the page
 * once it is changed (POST /auth/password). The form is made here, for every console; it is a
 * sibling of #login with the page's login layout, shown and hidden on its own. */
(function (global) {
  "use strict";
  const KEY = "hall.staff.token";
  const $ = (id) => document.getElementById(id);

  /* Hall.staffSession({roles, refuse, elsewhere, accept, main, onSignedIn, onSignedOut}) → session
   * - roles: the roles this page is for (any staff when absent); refuse: what another role is told;
   * - elsewhere: {role: "/page"}: roles that have their own page are sent there at login;
   * - accept(staff): a further check, answers an error message or null;
   * - onSignedIn(staff, session): starts the page, after a login or with the token kept in this tab;
   * - onSignedOut(): the page is back at the login form (optional).
   * session: call(method, path, body, opts) is Hall.api with the token; live(room, handlers,
   * opts) joins a staff room with it; openFile(path) opens an authorised PDF in a new tab
   * (false when it failed); token(); staff(). */
  function staffSession(opts) {
    const mainId = opts.main || "main";
    let token = sessionStorage.getItem(KEY);
    let staff = null;
    let sockets = [];

    function say(text) {
      const box = $("login-form").querySelector(".error");
      if (box) box.textContent = text || "";
    }
    function showLogin(message) {
      sockets.forEach((s) => s.disconnect());
      sockets = [];
      staff = null;
      hidePassword();
      showChangeButton(false);
      $("login").classList.remove("hidden");
      $(mainId).classList.add("hidden");
      if ($("who")) $("who").textContent = "";
      say(message);
      if (opts.onSignedOut) opts.onSignedOut();
    }
    function forget(message) {
      sessionStorage.removeItem(KEY);
      token = null;
      showLogin(message);
    }
    function refusal(who) {
      if (opts.roles && opts.roles.indexOf(who.role) < 0) return opts.refuse || "此账号无权使用本页面";
      return opts.accept ? opts.accept(who) : null;
    }
    async function enter(who) {
      staff = who;
      if ($("who")) $("who").textContent = who.name + (who.staff_no ? "（" + who.staff_no + "）" : "");
      if (who.must_change_password) { askPassword(true); return; }   // the page waits for a new password
      showChangeButton(true);
      hidePassword();
      $("login").classList.add("hidden");
      $(mainId).classList.remove("hidden");
      say("");
      try {
        await opts.onSignedIn(who, session);
      } catch (err) {
        if (err.status !== 401) Hall.toast(err.message, true);
      }
    }
    function sendElsewhere(who) {
      const page = opts.elsewhere && opts.elsewhere[who.role];
      if (page) global.location.href = page + global.location.search;
      return !!page;
    }

    async function call(method, path, body, more) {
      try {
        return await Hall.api(method, path, body, Object.assign({ token: token }, more));
      } catch (err) {
        if (err.status === 401 && token) forget("登录已失效，请重新登录");
        else if (err.status === 403 && err.code === "password_change_required" && staff) askPassword(true);
        throw err;
      }
    }

    // ------------------------------------------------------------ changing the password
    let pwBox = null;
    let forced = false;
    function passwordBox() {
      if (pwBox) return pwBox;
      pwBox = document.createElement("section");
      pwBox.id = "password-change";
      pwBox.className = "login password-change";   // the page's login layout (never #login's hidden state)
      pwBox.innerHTML = '<form id="password-form" novalidate>' +
        '<h1 id="password-title">修改密码</h1><p class="password-note" id="password-note"></p>' +
        '<label>原密码<input id="old-password" type="password" autocomplete="current-password"></label>' +
        '<label>新密码<input id="new-password" type="password" autocomplete="new-password" placeholder="至少8位，不能与用户名相同"></label>' +
        '<label>再次输入新密码<input id="new-password-again" type="password" autocomplete="new-password"></label>' +
        '<div class="password-actions"><button type="submit" class="btn primary" id="password-submit">确认修改</button>' +
        '<button type="button" class="btn secondary" id="password-cancel">取消</button></div>' +
        '<div class="error" id="password-error"></div></form>';
      const login = $("login");
      login.parentNode.insertBefore(pwBox, login.nextSibling);
      $("password-form").addEventListener("submit", async function (e) {
        e.preventDefault();
        const old = $("old-password").value, fresh = $("new-password").value, again = $("new-password-again").value;
        const problem = !old ? "请输入原密码" : fresh.length < 8 ? "新密码至少8位" : fresh !== again ? "两次输入的新密码不一致"
          : fresh === old ? "新密码不能与原密码相同" : staff && fresh === staff.username ? "新密码不能与用户名相同" : "";
        $("password-error").textContent = problem;
        if (problem) return;
        try {
          await Hall.api("POST", "/auth/password", { old_password: old, new_password: fresh }, { token: token });
        } catch (err) {
          if (err.status === 401) { forget("登录已失效，请重新登录"); return; }
          $("password-error").textContent = err.message;
          return;
        }
        Hall.toast("密码已修改");
        const wasForced = forced;
        staff.must_change_password = false;
        hidePassword();
        if (wasForced) { await enter(staff); return; }
        $(mainId).classList.remove("hidden");
      });
      $("password-form").addEventListener("input", function () { $("password-error").textContent = ""; });
      $("password-cancel").addEventListener("click", function () {
        if (forced) {   // the page cannot be used before the change: signing out is the way back
          Hall.api("POST", "/auth/logout", {}, { token: token }).catch(function () {});
          forget("");
          return;
        }
        hidePassword();
        $(mainId).classList.remove("hidden");
      });
      return pwBox;
    }
    function askPassword(mustChange) {
      const box = passwordBox();
      forced = !!mustChange;
      $("password-form").reset();
      $("password-error").textContent = "";
      $("password-title").textContent = forced ? "请先修改密码" : "修改密码";
      $("password-note").textContent = forced
        ? "您正在使用初始密码或管理员重置的临时密码。为保障账号安全，请设置新密码后再开始工作。"
        : "修改后，本账号在其他设备上的登录将退出。";
      $("password-cancel").textContent = forced ? "退出登录" : "取消";
      $("login").classList.add("hidden");
      $(mainId).classList.add("hidden");
      showChangeButton(!forced);
      box.classList.remove("hidden");
      $("old-password").focus();
    }
    function hidePassword() {
      if (pwBox) pwBox.classList.add("hidden");
      forced = false;
    }
    /* 修改密码 beside #who: #who keeps its place in the header, wrapped with the button. */
    let changeButton = null;
    function showChangeButton(show) {
      const who = $("who");
      if (!who) return;
      if (!changeButton) {
        if (!show) return;
        const wrap = document.createElement("span");
        wrap.className = "who-box";
        who.parentNode.insertBefore(wrap, who);
        wrap.appendChild(who);
        changeButton = document.createElement("button");
        changeButton.type = "button";
        changeButton.id = "change-password";
        changeButton.className = "change-password";
        changeButton.textContent = "修改密码";
        changeButton.addEventListener("click", function () { if (staff) askPassword(false); });
        wrap.appendChild(changeButton);
      }
      changeButton.classList.toggle("hidden", !show);
    }
    function live(room, handlers, more) {
      const socket = Hall.live(room, handlers, Object.assign({ token: token }, more));
      sockets.push(socket);
      return socket;
    }
    async function openFile(path) {
      const headers = { Authorization: "Bearer " + token };
      if (Hall.hall()) headers["X-Hall"] = Hall.hall();
      let response;
      try { response = await fetch("/api/v1" + path, { headers: headers }); } catch (err) { return false; }
      if (response.status === 401) { forget("登录已失效，请重新登录"); return false; }
      if (!response.ok) return false;
      global.open(URL.createObjectURL(await response.blob()), "_blank");
      return true;
    }
    const session = { call: call, live: live, openFile: openFile, changePassword: function () { askPassword(false); },
                      token: function () { return token; }, staff: function () { return staff; } };

    $("login-form").addEventListener("submit", async function (e) {
      e.preventDefault();
      say("");
      let login;
      try {
        login = await Hall.api("POST", "/auth/login", { username: $("username").value, password: $("password").value });
      } catch (err) { say(err.message); return; }
      const refused = refusal(login.staff);
      if (sendElsewhere(login.staff) || refused) {   // this login is not kept: the other page asks again
        Hall.api("POST", "/auth/logout", {}, { token: login.token }).catch(function () {});
        say(refused && !(opts.elsewhere && opts.elsewhere[login.staff.role]) ? refused : "");
        return;
      }
      token = login.token;
      sessionStorage.setItem(KEY, token);
      if (login.must_change_password) login.staff.must_change_password = true;
      await enter(login.staff);
    });

    if (!token) {
      showLogin();
    } else {
      Hall.api("GET", "/auth/me", null, { token: token }).then(function (who) {
        if (sendElsewhere(who)) return;
        if (refusal(who)) { showLogin(); return; }   // signed in for another page of this tab
        return enter(who);
      }, function (err) {
        if (err.status === 401) forget(); else showLogin(err.message);
      });
    }
    return session;
  }

  global.Hall.staffSession = staffSession;
})(window);
