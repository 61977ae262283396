/// Auth tokens live in sessionStorage only: they vanish with the tab and are never logged.

export type TokenKind = 'operator' | 'admin';

const keys: Record<TokenKind, string> = {
  operator: 'crmd.operator_token',
  admin: 'crmd.admin_token',
};

export function loadToken(kind: TokenKind): string | null {
  try {
    return sessionStorage.getItem(keys[kind]);
  } catch {
    return null;
  }
}

export function saveToken(kind: TokenKind, token: string): void {
  sessionStorage.setItem(keys[kind], token);
}

export function clearToken(kind: TokenKind): void {
  sessionStorage.removeItem(keys[kind]);
}
