export {
  MIN_PASSWORD_LENGTH,
  checkPasswordStrength,
  generatePassword,
  hashPassword,
  verifyPassword,
} from './password.ts'
export { hashToken, randomToken, safeEqual } from './secrets.ts'
export {
  SESSION_TTL_MS,
  createSession,
  endSession,
  resolveSession,
  type NewSession,
  type ResolvedSession,
} from './sessions.ts'
export {
  API_TOKEN_PREFIX,
  apiTokensOf,
  createApiToken,
  resolveApiToken,
  revokeApiToken,
} from './api-tokens.ts'
export {
  ROLES,
  authenticate,
  changeRole,
  createFirstAdmin,
  createUser,
  hasAnyUser,
  importUser,
  isRole,
  listAccounts,
  normalizeEmail,
  removeUser,
  roleAtLeast,
  userByEmail,
  userById,
  type NewAccount,
  type Role,
  type SessionUser,
} from './users.ts'
export { LOGIN_LIMITS, signInWithLimits, type SignInResult } from './login-guard.ts'
