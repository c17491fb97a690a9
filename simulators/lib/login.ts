// Logs in to a Redsail server and returns the bearer token; `hint` says what to do when it fails.
export async function login(
  apiUrl: string,
  username: string,
  password: string,
  hint: string,
): Promise<string> {
  const res = await fetch(new URL('/api/auth/login', apiUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`cannot log in as ${username} (${res.status}): ${hint}`);
  return ((await res.json()) as { token: string }).token;
}
