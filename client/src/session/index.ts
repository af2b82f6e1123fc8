export { ApiError, createRoom, fetchRoomState, inspectInvite, joinRoom } from "./api.ts";
export {
  RoomCredentials,
  clearCredentials,
  loadCredentials,
  loadArrival,
  loadInvite,
  markArrival,
  loadPreviousCredentials,
  saveCredentials,
  saveInvite,
} from "./credentials.ts";
export { isErrorCode, toErrorCode } from "./error-code.ts";
export {
  DEFAULT_SPLIT,
  ThemePref,
  loadDisplayName,
  loadLayout,
  loadMicDevice,
  loadSpeakerDevice,
  loadThemePref,
  saveDisplayName,
  saveLayout,
  saveMicDevice,
  saveSpeakerDevice,
  saveThemePref,
  type LayoutPrefs,
} from "./prefs.ts";
export { RecentMock, forgetMock, loadRecent, rememberMock } from "./recent.ts";
