// POST /api/auth/login: the back-off (auth/login-throttle.ts) takes the attempt's slot before any
// hash runs, the hash gate (auth/hash-gate.ts) bounds how many hashes run and wait, a success sets the
// session cookie and the known-device cookie, and refusals are logged at a bounded rate per reason.
import type { Request, Response } from 'express';
import { COST, dummyHash } from '../../auth/secrets';
import { clientAddressKey } from '../../auth/client-address';
import { HashGate, HashGateFull, type HashGateLimits } from '../../auth/hash-gate';
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_MS, KnownDevices } from '../../auth/known-device';
import { LoginThrottle, type Slot } from '../../auth/login-throttle';
import { SESSION_COOKIE } from '../../auth/token';
import { LoginBody } from '../../contracts/dto';
import { parse } from '../../contracts/parse';
import { DomainError } from '../../errors';
import { RateLimitedLog, type Logger } from '../../log';
import type { Services } from '../../services';
import { audited, clientIp } from '../audit';
import { HttpError } from '../errors';

type Reason = 'wrong_credentials' | 'throttled' | 'busy';

export function loginHandler(
  s: Services,
  log: Logger,
  limits: HashGateLimits,
  throttle: LoginThrottle = new LoginThrottle(() => s.clock.now()),
) {
  const gate = new HashGate(limits);
  const devices = new KnownDevices();
  // Made now, so the first unknown user is not answered slower than later ones.
  void dummyHash(COST.password).catch(() => undefined);
  // Keyed by reason, never by the attacker-chosen username: a flood logs a few lines per 10 s.
  const rlog = new RateLimitedLog(log, 5, 10_000);
  const refuse = (reason: Reason, address: string, username: string) => {
    s.metrics.loginRefused.inc({ reason });
    rlog.warn(
      `login:${reason}`,
      { reason, address, username: username.slice(0, 64) },
      'login refused',
      s.clock.now(),
    );
  };

  return async (req: Request, res: Response): Promise<void> => {
    const body = parse(LoginBody, req.body);
    const address = clientAddressKey(clientIp(req) ?? '?');
    const deviceId = devices.deviceOf(req.headers.cookie, body.username);
    const admission = throttle.admit({ username: body.username, address, ...(deviceId && { deviceId }) });
    if (!admission.ok) {
      refuse('throttled', address, body.username);
      res.setHeader('retry-after', String(admission.retryAfterS));
      throw new HttpError(
        429,
        'too_many_attempts',
        `too many failed logins; try again in ${admission.retryAfterS} s`,
      );
    }
    const slot: Slot = admission.slot;
    let session;
    try {
      session = await gate.run(() =>
        s.users.login(body.username, body.password, (p) =>
          s.metrics.loginHashes.inc({ params: p ? `${p.N}/${p.r}/${p.p}` : 'none' }),
        ),
      );
    } catch (err) {
      if (err instanceof HashGateFull) {
        slot.abandoned();
        refuse('busy', address, body.username);
        res.setHeader('retry-after', '1');
        throw new HttpError(
          429,
          'login_busy',
          'too many logins are being checked right now; try again in 1 s',
        );
      }
      if (err instanceof DomainError && err.kind === 'unauthorized') {
        slot.failed();
        refuse('wrong_credentials', address, body.username);
        const ip = clientIp(req);
        // The attempted name is data, never the actor: anyone can type any name.
        s.audit.record({
          actor: 'anonymous',
          action: 'auth.login_failed',
          entity: 'user',
          entityId: body.username,
          ...(ip !== undefined && { ip }),
          data: { username: body.username },
        });
      } else slot.abandoned();
      throw err;
    }
    slot.succeeded();
    const { token, user, expiresAt } = session;
    audited(res, 'auth.login', 'user', user.username, {}, user.username);
    // Strict: the console is a single page whose document needs no login, and every authenticated
    // request it makes is same-site, so Strict costs nothing and keeps the cookie off any request a
    // foreign page starts (links included). Secure whenever the request came over TLS (req.secure
    // honours X-Forwarded-Proto only through a trusted proxy, TRUST_PROXY).
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      secure: req.secure,
      expires: new Date(expiresAt),
    });
    res.cookie(DEVICE_COOKIE, devices.issue(user.username, deviceId), {
      httpOnly: true,
      sameSite: 'strict',
      path: '/api/auth',
      secure: req.secure,
      maxAge: DEVICE_COOKIE_MAX_AGE_MS,
    });
    res.json({ token, user });
  };
}
