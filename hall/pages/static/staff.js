/* Staff sign-in, shared by every staff page (window console, manager, oversight, region,
 * joint review): one login token kept for the browser tab under one key, one login form
 * behaviour, one answer to a 401 (the login ran out or was revoked: the form comes back).
 *
 * The page has a form #login-form (inside the element #login) with #username, #password, a
 * submit button and an .error element, and shows #main (opts.main) once signed in; an
 * element #who, where there is one, shows who is signed in. */
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
        throw err;
      }
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
    const session = { call: call, live: live, openFile: openFile,
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
