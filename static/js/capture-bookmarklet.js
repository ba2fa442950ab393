// Netcurate's capture bookmarklet: reads the invitations shown on LinkedIn's "Manage
// invitations" page or Facebook's friend requests page and hands them to a Netcurate window.
//
// This file is the readable source. The page "Capture from a page" turns it into the
// bookmarklet's javascript: address (network/capture/bookmarklet.py): it fills in the
// configuration below with the site's own origin, drops the comment lines and the
// indentation, and percent-encodes the rest. Keep every comment on a line of its own.
//
// Why a window and postMessage: the network's Content-Security-Policy forbids the page to
// send anything to another host (connect-src), but it cannot stop a page from opening a
// window, nor two windows from talking through postMessage. So the bookmarklet opens the
// Netcurate receiver; the receiver says "ready" to its opener; the bookmarklet answers with
// the invitations, addressed to the Netcurate origin only. The receiver checks where the
// message came from, shows what was read and stores nothing until the person confirms.
//
// How invitations are recognised, without class names (they change every week):
// 1. accept buttons: a button whose text or label starts with Accept, Accepter, Confirm or
//    Confirmer (LinkedIn says Accept/Ignore, Facebook Confirm/Delete, in English or French),
//    or a link that says just that (Facebook's basic mobile page);
// 2. each accept button belongs to the smallest container around it that holds a link to a
//    profile (linkedin.com/in/<name>, facebook.com/<username>, profile.php?id=...), as long as
//    that container holds no other accept button;
// 3. in that card: the profile is the one linked most often (photo and name link to it), the
//    name is that link's text, the mutual connections come from the visible text ("12 mutual
//    connections", "12 relations en commun", "8 amis en commun", "8 mutual friends"), the
//    first other line is the headline and what follows is the note;
// 4. a photo is present when the card shows a picture that is not a placeholder.
(function () {
  "use strict";
  // {"origin": ..., "receiver": ..., "messages": {...}}, filled in by the page that offers it.
  var config = "__NETCURATE_CONFIG__";

  var ACCEPT = /^(accept|accepter|confirm|confirmer)(\s|$|[^a-z])/i;
  var LINKEDIN_HOST = /(^|\.)linkedin\.com$/i;
  var FACEBOOK_HOST = /(^|\.)(facebook|fb)\.com$/i;
  // First path segments on Facebook that are sections of the site, never a username.
  var FACEBOOK_SECTIONS = (
    "about ads bookmarks business careers checkpoint dialog events explore friends " +
    "fundraisers gaming groups hashtag help home login logout marketplace media memories " +
    "messages notifications pages people permalink photo photos places plugins policies " +
    "privacy public recover reel reels reg saved search settings sharer stories story " +
    "video videos watch me"
  ).split(" ");
  // "12 mutual connections", "Paul and 11 other mutual connections", "12 relations en
  // commun", "Paul et 11 autres relations en commun", "8 mutual friends", "8 ami(e)s en commun".
  var MUTUAL_WORDS = "(?:mutual\\s+(?:connections?|friends?)|relations?\\s+en\\s+commun|ami(?:\\(e\\))?e?s?\\s+en\\s+commun)";
  var NUMBER = "(\\d[\\d\\s.,\\u00a0\\u202f]*)";
  var MUTUAL_OTHERS = new RegExp("(?:\\band|\\bet)\\s+" + NUMBER + "\\s*(?:other|others|autres?)\\s+" + MUTUAL_WORDS, "i");
  var MUTUAL_COUNT = new RegExp(NUMBER + "\\s*" + MUTUAL_WORDS, "i");
  var MUTUAL_ONE = new RegExp("(?:is\\s+a|est\\s+une?)\\s+" + MUTUAL_WORDS, "i");
  // Lines that say when the invitation came ("2 days ago", "il y a 3 jours", "2w", "3 sem.").
  var WHEN = /^(?:\d+\s*(?:s|m|h|j|d|w|y|sem|min|mo|mois|an|ans|yr|yrs)\.?|.*\bago|il y a .*|yesterday|hier|today|aujourd.hui|(?:received|reçue?)\b.*)$/i;
  // Cards that invite to something else than a connection (a page, an event, a newsletter).
  var OTHER_INVITATION = /invited you to (?:follow|join|attend|subscribe)|vous (?:a|ont) invitée?s? à (?:suivre|rejoindre|participer|vous abonner)/i;
  // Pictures that stand for a missing photo.
  var PLACEHOLDER = /ghost|default|placeholder|silhouette|anonymous|\.svg(?:[?#]|$)/i;

  function visible(element) {
    return element.getClientRects().length > 0;
  }

  function lines(text) {
    return (text || "")
      .split(/\n+/)
      .map(function (line) { return line.replace(/\s+/g, " ").trim(); })
      .filter(Boolean);
  }

  function decoded(text) {
    try {
      return decodeURIComponent(text);
    } catch (error) {
      return text;
    }
  }

  // The profile a link opens, as {key, url}, or null for any other link.
  function profileOf(link) {
    var url;
    try {
      url = new URL(link.getAttribute("href"), document.baseURI);
    } catch (error) {
      return null;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      return null;
    }
    var host = url.hostname.toLowerCase();
    var parts = url.pathname.split("/").filter(Boolean).map(decoded);
    if (LINKEDIN_HOST.test(host)) {
      if (parts[0] === "in" && parts[1]) {
        return {
          key: "linkedin:" + parts[1].toLowerCase(),
          url: "https://www.linkedin.com/in/" + encodeURIComponent(parts[1]) + "/"
        };
      }
      return null;
    }
    if (!FACEBOOK_HOST.test(host)) {
      return null;
    }
    // profile.php?id=123, friends/requests/?profile_id=123, hovercards' ?uid=123,
    // people/<Name>/<id>.
    var id = "";
    if (parts[0] === "profile.php") {
      id = url.searchParams.get("id") || "";
    } else if (parts[0] === "friends") {
      id = url.searchParams.get("profile_id") || url.searchParams.get("uid") || "";
    } else if (parts[0] === "people" && parts.length >= 3) {
      id = parts[2];
    }
    if (/^\d{1,20}$/.test(id)) {
      return { key: "facebook:" + id, url: "https://www.facebook.com/profile.php?id=" + id };
    }
    if (
      parts.length === 1 &&
      /^[a-z0-9.]{5,50}$/i.test(parts[0]) &&
      !/\.php$/i.test(parts[0]) &&
      FACEBOOK_SECTIONS.indexOf(parts[0].toLowerCase()) < 0
    ) {
      return {
        key: "facebook:" + parts[0].toLowerCase(),
        url: "https://www.facebook.com/" + parts[0]
      };
    }
    return null;
  }

  function buttonsIn(root) {
    return Array.prototype.filter.call(
      root.querySelectorAll("button, [role=button], input[type=button], input[type=submit]"),
      visible
    );
  }

  // The buttons of a card, and the links that act as its buttons (Facebook's basic mobile
  // page answers a request with plain links: Confirmer, Supprimer).
  var ACTION_LINK = /^(accept|accepter|confirm|confirmer|ignore|ignorer|delete|supprimer|decline|refuser)$/i;
  function actionsIn(root) {
    var links = Array.prototype.filter.call(root.querySelectorAll("a[href]"), function (link) {
      return visible(link) && ACTION_LINK.test(buttonText(link));
    });
    return buttonsIn(root).concat(links);
  }

  function buttonText(button) {
    return (button.innerText || button.value || "").replace(/\s+/g, " ").trim();
  }

  function isAccept(button) {
    var label = (button.getAttribute("aria-label") || "").trim();
    return ACCEPT.test(buttonText(button)) || ACCEPT.test(label);
  }

  // How many accept buttons each element holds, counted once from the buttons upwards.
  var acceptButtons = actionsIn(document).filter(isAccept);
  var acceptCount = new Map();
  acceptButtons.forEach(function (button) {
    for (var node = button.parentElement; node; node = node.parentElement) {
      acceptCount.set(node, (acceptCount.get(node) || 0) + 1);
    }
  });

  function profileLinks(root) {
    var found = [];
    Array.prototype.forEach.call(root.querySelectorAll("a[href]"), function (link) {
      var profile = profileOf(link);
      if (profile) {
        found.push({ link: link, profile: profile });
      }
    });
    return found;
  }

  // The card of one accept button: the smallest container that also holds a profile link,
  // widened while its parent still holds that one invitation and nothing of the page around
  // it (another profile, another accept button, a heading of the page, the navigation).
  function cardOf(button) {
    var card = null;
    for (var node = button.parentElement; node && node !== document.body; node = node.parentElement) {
      if ((acceptCount.get(node) || 0) > 1) {
        return null;
      }
      if (profileLinks(node).length) {
        card = node;
        break;
      }
    }
    if (!card) {
      return null;
    }
    var keys = keysOf(profileLinks(card));
    for (var parent = card.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
      if ((acceptCount.get(parent) || 0) > 1 || /^(MAIN|HTML|NAV|HEADER|FOOTER)$/.test(parent.tagName)) {
        break;
      }
      if (parent.querySelector("h1, h2, nav, header, footer, [role=navigation], [role=banner]")) {
        break;
      }
      var wider = keysOf(profileLinks(parent));
      if (wider.some(function (key) { return keys.indexOf(key) < 0; })) {
        break;
      }
      card = parent;
    }
    return card;
  }

  function keysOf(found) {
    var keys = [];
    found.forEach(function (item) {
      if (keys.indexOf(item.profile.key) < 0) {
        keys.push(item.profile.key);
      }
    });
    return keys;
  }

  // The profile the card is about: the one linked most often (photo and name), the first on
  // a tie (a mutual connection named in the card is linked once).
  function mainProfile(found) {
    var counts = {};
    var best = null;
    found.forEach(function (item) {
      counts[item.profile.key] = (counts[item.profile.key] || 0) + 1;
    });
    found.forEach(function (item) {
      if (!best || counts[item.profile.key] > counts[best.profile.key]) {
        best = item;
      }
    });
    return best;
  }

  function mutualIn(text) {
    var match = MUTUAL_OTHERS.exec(text);
    if (match) {
      return parseInt(match[1].replace(/\D/g, ""), 10) + 1;
    }
    match = MUTUAL_COUNT.exec(text);
    if (match) {
      return parseInt(match[1].replace(/\D/g, ""), 10);
    }
    return MUTUAL_ONE.test(text) ? 1 : null;
  }

  function hasPhoto(card) {
    var pictures = Array.prototype.filter.call(card.querySelectorAll("img, image"), visible);
    return pictures.some(function (picture) {
      var source =
        picture.getAttribute("src") ||
        picture.getAttribute("href") ||
        picture.getAttribute("xlink:href") ||
        "";
      var box = picture.getBoundingClientRect();
      return source && !/^data:/i.test(source) && !PLACEHOLDER.test(source) && box.width >= 16;
    });
  }

  function nameOf(card, main) {
    var found = profileLinks(card).filter(function (item) {
      return item.profile.key === main.profile.key;
    });
    for (var index = 0; index < found.length; index += 1) {
      var first = lines(found[index].link.innerText)[0];
      if (first) {
        return first;
      }
    }
    var picture = card.querySelector("img[alt]");
    return picture ? picture.getAttribute("alt").trim() : "";
  }

  // Whether a line holds nothing but the texts of buttons ("Ignore Accept" side by side).
  function onlyButtons(line, texts) {
    var left = line;
    texts.forEach(function (text) {
      if (text) {
        left = left.split(text).join(" ");
      }
    });
    return left.trim() === "";
  }

  function invitationOf(card) {
    var main = mainProfile(profileLinks(card));
    var text = card.innerText || "";
    if (!main || OTHER_INVITATION.test(text)) {
      return null;
    }
    var name = nameOf(card, main);
    var skip = actionsIn(card).map(buttonText);
    var mutual = null;
    var message = "";
    var quote = card.querySelector("blockquote, q");
    if (quote && visible(quote)) {
      message = lines(quote.innerText).join("\n");
      skip = skip.concat(lines(quote.innerText));
    }
    var rest = [];
    lines(text).forEach(function (line) {
      // The name may share its line with what follows it ("Nina Test 5w").
      var left = name && line.indexOf(name) === 0 ? line.slice(name.length).trim() : line;
      // Before the buttons: the mutual connections are often a button that opens their list.
      var count = mutualIn(left);
      if (count !== null) {
        mutual = mutual === null ? count : mutual;
        return;
      }
      if (left && !WHEN.test(left) && !onlyButtons(left, skip)) {
        rest.push(left);
      }
    });
    return {
      name: name,
      headline: rest[0] || "",
      profile_url: main.profile.url,
      message: message || rest.slice(1).join("\n"),
      mutual_connections: mutual,
      has_photo: hasPhoto(card)
    };
  }

  var invitations = [];
  var taken = {};
  acceptButtons.forEach(function (button) {
    var card = cardOf(button);
    var invitation = card && invitationOf(card);
    if (invitation && !taken[invitation.profile_url]) {
      taken[invitation.profile_url] = true;
      invitations.push(invitation);
    }
  });

  var payload = {
    kind: "netcurate-capture",
    page: { url: location.href, title: document.title },
    invitations: invitations
  };

  // One run at a time: a second click replaces the first run's answer.
  var run = String(Date.now()) + Math.random();
  window.__netcurateCapture = run;
  var receiver = window.open(config.receiver, "netcurate-capture", "popup,width=760,height=820");
  if (!receiver) {
    window.alert(config.messages.popupBlocked);
    return;
  }
  window.addEventListener("message", function answer(event) {
    if (window.__netcurateCapture !== run) {
      window.removeEventListener("message", answer);
      return;
    }
    if (event.origin !== config.origin || event.source !== receiver) {
      return;
    }
    if (event.data && event.data.kind === "netcurate-capture-ready") {
      receiver.postMessage(payload, config.origin);
    }
  });
})();
