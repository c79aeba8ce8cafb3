// Every sentence the client shows a person, in one catalogue, so the text can be reviewed in one
// place and translated later (English only for now). t('key', {name}) fills {name} placeholders.

const EN = {
  'origin.refused':
    'This installation is set up to be opened at {expected}, not at {actual}. Open it there: nothing was created here.',
  'origin.refused.unknown':
    'This installation does not accept sign-ins from {actual}. Ask its administrator which address to use: nothing was created here.',
  'origin.open': 'Open {expected}',
  'session.unreachable':
    'Could not reach the server to restore your session. Check your connection; this page retries when you reload it.',
  'session.ended': 'Your session ended. Please sign in again.',
  'sso.button': 'Sign in with {provider}',
  'sso.provider': 'your organisation',
  'sso.account-exists':
    'An account with your email address already exists here. Sign in to it with its password, then join your {provider} account to it in Settings; nothing was joined.',
  'sso.link': 'Join your {provider} account',
  'sso.link-hint':
    'Sign in with {provider} from now on, besides your password. You sign in at {provider} once to prove it is yours.',
  'sso.linked': 'Your {provider} account is joined: you can sign in with it from now on.',
  'sso.link-identity-linked':
    'That {provider} account is already joined to another account here, or this account to another {provider} account. Nothing changed.',
  'sso.link-failed': 'Joining your {provider} account did not work. Try again from Settings.',
  'sso.sso-claim-missing':
    'Your {provider} account did not share an email address with Cybernet Call. Ask its administrator to release it.',
  'sso.unavailable': 'Sign-in through {provider} could not finish: the server did not answer. Try again.',
  'sso.provider-unavailable':
    '{provider} did not answer, so you could not sign in through it. Try again in a moment; if you have a password here, it still works.',
  'sso.failed': 'Sign-in through {provider} did not work. Try again, or ask the administrator.',
  'account.welcome': 'Welcome! We sent you an email to verify your address.',
  'account.reset-sent': 'If that address has an account, a reset link is on its way.',
  'account.password-changed': 'Password changed. Sign in with the new one (every other session was signed out).',
  'account.verified': 'Your email address is verified. Thank you!',
  'account.link-invalid': 'This link is invalid, expired or already used. Sign in and ask for a new one.',
  'account.verification-sent': 'Verification email sent.',
  'form.fix': 'Please correct the {count, plural} marked above.',
  'form.retry-after': '{detail} Try again in {seconds} s.',

  'contacts.search-short': 'Type at least 2 characters of a username.',
  'contacts.search-none': 'Nobody’s username starts with “{query}”.',
  'contacts.now-contacts': 'You and {name} are contacts now.',
  'contacts.request-sent': 'Request sent to {name}.',
  'contacts.blocked': '{name} is blocked. Unblock them under Requests.',
  'contacts.removed': '{name} was removed from your contacts.',
  'contacts.undo': 'Undo',
  'contacts.remove-kept': '{name} stays in your contacts.',
  'contacts.confirm-block': 'Block {name}? They cannot call, message or find you, and are not told.',

  'contacts.wants': 'wants to connect',
  'contacts.sent': 'request sent',
  'contacts.is-blocked': 'blocked',

  'file.too-large': 'Too large for this browser ({size}); try a browser that can save straight to disk.',
  'file.offered': '{name} wants to send you {file}.',
  'file.verified': 'SHA-256 verified ({hash}…)',
  'file.damaged': 'The file arrived damaged (SHA-256 mismatch); it was discarded.',
  'file.interrupted': 'The transfer was interrupted.',
  'file.connection-closed': 'The connection closed.',
  'file.delivered': 'Delivered and verified by the receiver',
  'file.unverified': 'The receiver could not verify the file.',
  'file.stopped': 'Stopped: {reason}.',
  'file.paused': 'Connection lost at {done} of {size}. It resumes from there when you are both back online.',
  'file.resume-expired': 'The connection did not come back within 10 minutes; the transfer was dropped.',
  'file.resume-refused': 'The other side could not resume this transfer.',

  'email.on': 'Saved: you will get emails about {what}.',
  'email.off': 'Saved: no more emails about {what}.',
  'email.not-saved': 'Could not save that; try again.',
  'email.unavailable': 'Email settings cannot be read right now.',
  'chat.clear': 'Clear history',
  'chat.clear-confirm': 'Clear your chat history with {name} on this device? Their copy stays with them.',
  'chat.cleared': 'Chat history with {name} cleared on this device.',
  'chat.offline': '{name} is offline: chat and files need you both online (they go straight between your browsers).',
  'chat.from': '{name}: {text}',
  'chat.not-sent': 'Message not sent: {reason}',
  'chat.placeholder': 'Message (peer-to-peer); drop or paste files',
  'chat.placeholder-away': 'Message for {name}, kept on the server until they are back (up to 7 days)',
  'chat.state-sending': 'sending',
  'chat.state-sent': 'sent',
  'chat.state-delivered': 'delivered',
  'chat.state-read': 'read',
  'chat.state-failed': 'not sent',

  'call.finish-first': 'Finish the current call first.',
  'call.starting': 'Starting camera and microphone…',
  'call.calling': 'Calling {name}…',
  'call.ringing': 'Ringing {name}…',
  'call.connecting': 'Connecting…',
  'call.connected': 'In call with {name}',
  'call.reconnecting': 'Reconnecting… (attempt {attempt} of 3)',
  'call.ended': 'Call ended',
  'call.rejoining': 'Rejoining the call with {name}…',
  'call.rejoin-ended': 'The call ended while this page was away.',
  'call.peer-away': '{name} is reconnecting…',
  'call.peer-left': '{name} left the call.',
  'call.declined': '{name} declined the call.',
  'call.busy': '{name} is busy in another call.',
  'call.no-answer': '{name} did not answer.',
  'call.hung-up': '{name} hung up.',
  'call.incoming': '{name} is calling you ({media})',
  'call.missed': 'Missed call from {name}.',
  'call.missed-at': 'Missed call from {name} at {time}.',
  'call.missed-while-away': '{count} missed calls while you were away; the last from {name} at {time}.',
  'call.call-back': 'Call back',
  'keys.this-browser': 'This browser',
  'keys.other-browser': 'Another browser',
  'keys.added': 'Keys added {when}',
  'keys.remove': 'Remove',
  'keys.remove-label': 'Remove the browser whose keys were added {when}',
  'keys.remove-confirm':
    "Remove this browser's keys? Your contacts stop sealing calls and messages for it. If it is still signed in, it adds its keys again the next time it opens the app.",
  'keys.removed': 'Removed: your contacts no longer seal anything for that browser.',
  'keys.this-not-listed':
    'This browser has no keys in the directory: your account has as many devices as it may. Remove one you no longer use.',
  'keys.too-many':
    'This browser cannot take part in encrypted calls and messages yet: your account has as many devices as it may. Remove one you no longer use in Settings → Your devices.',
  'keys.open-settings': 'Open Settings',
  'verify.title': 'Safety number with {name}',
  'verify.unavailable': '{name} has no device keys yet: they appear once {name} signs in with an up-to-date app.',
  'verify.unreachable': 'The key directory could not be reached; try again shortly.',
  'verify.state-verified': 'You verified {name}: these are the keys you compared.',
  'verify.state-unverified': 'Not verified yet.',
  'verify.state-new-keys':
    '{name} has new keys since you last saw them (a new device, or a reinstalled one). Not verified.',
  'verify.state-changed':
    "{name}'s keys changed since you verified them. Compare the number again before you trust this contact.",
  'verify.state-unavailable': '',
  'verify.badge-verified': '✓ Verified',
  'verify.badge-changed': '⚠ Keys changed',
  'verify.badge-new-keys': 'New keys',
  'verify.badge-unverified': '',
  'verify.badge-unavailable': '',
  'verify.changed-confirm':
    "{name}'s keys changed since you verified them. Someone may be in the middle, or {name} has a new device. Compare your safety number before you trust this call. Call anyway?",
  'verify.call-anyway': 'Call anyway',
  'verify.new-keys': '{name} has new keys since your last call (a new device, or a reinstalled one).',
  'history.button': 'Calls',
  'history.button-missed': 'Calls, {count} missed',
  'history.call-back': 'Call back {name}',
  'history.incoming': 'Incoming {media} call',
  'history.outgoing': 'Outgoing {media} call',
  'history.missed': 'Missed {media} call',
  'history.declined': 'Declined',
  'history.answered-elsewhere': 'Answered on another device',
  'history.declined-elsewhere': 'Declined on another device',
  'history.not-answered': 'Not answered',
  'history.audio': 'audio',
  'history.video': 'video',
  'call.calling-away': 'Calling {name}, who is away: they will see that you called.',
  'call.declined-by-me': 'Call declined.',
  'call.answered-elsewhere': 'Call from {name} answered on another device.',
  'call.declined-elsewhere': 'Call from {name} declined on another device.',
  'call.not-placed': 'The call could not be placed: {reason}',
  'call.rate-limited': 'Too many calls to this person in a short time; wait a minute.',
  'call.no-turn':
    'The call could not connect: Relay only is on, but this server offers no TURN relay. Turn Relay only off in Settings, or ask the administrator to set up TURN.',
  'call.turn-unreachable':
    'The call could not connect: the TURN relay did not answer. Turn Relay only off in Settings, or try again later.',
  'call.no-path':
    'The call could not connect: there is no network path between you. Try again, or from another network.',
  'call.signed-out': 'Signed out',
  'call.share-unavailable': 'Screen sharing is not available: {reason}',
  'call.audio-only': 'This is an audio call: share your screen to show something.',
  'call.muted-peer': '{name} is muted',
  'call.camera-off-peer': '{name}’s camera is off',

  'data.turn-failed': 'Could not reach the TURN relay: the peer-to-peer connection failed.',
  'data.no-path': 'The peer-to-peer connection failed (no network path between you).',
  'data.no-turn':
    'Relay only is on, but this server offers no TURN relay. Turn it off in Settings to chat and send files.',
  'data.turn-unreachable': 'The TURN relay is unreachable, so relay-only connections cannot be made.',

  'signaling.not-a-contact': 'That person is not one of your contacts (any more).',
  'signaling.rate-limited': 'Slow down: too many calls or messages in a short time.',
  'signaling.sealing-failed':
    "It could not be encrypted end to end: the other person's device keys could not be read. Try again; if it lasts, they need to open the app once.",
  'sealed.unopened':
    'A call signal from {name} failed its end-to-end check and was ignored. Someone between you may be tampering with it: compare your safety numbers.',
  'signaling.unavailable': 'The signaling service is having trouble; try again in a moment.',

  'settings.relay-on': 'Relay only: new calls and sessions go through the TURN relay, so peers never see your address.',
  'settings.relay-off': 'Direct connections allowed for new calls and sessions.',
  'settings.alerts-blocked': 'Call alerts are blocked; incoming calls still ring while this tab is open.',

  'media.denied':
    'Camera or microphone access was denied. Allow it for this site in the browser settings and try again.',
  'media.not-found': 'No camera or microphone was found on this device.',
  'media.in-use': 'The camera or microphone is in use by another application.',
  'media.other': 'Could not start the camera or microphone ({reason}).',
};

/** The message for `key` with its {placeholders} filled; `{count, plural}` picks "problem"/"problems". */
export function t(key, values = {}) {
  const template = EN[key];
  if (template === undefined) return key;
  return template.replace(/\{(\w+)(, plural)?\}/g, (_, name, plural) => {
    if (plural) return Number(values[name]) === 1 ? 'problem' : `${values[name]} problems`;
    return values[name] ?? '';
  });
}

export const MESSAGE_KEYS = Object.keys(EN);
