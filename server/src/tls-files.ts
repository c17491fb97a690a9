// The TLS listeners' certificate files (TLS_CERT_FILE, TLS_KEY_FILE, optional TLS_CA_FILE), read and
// checked: each readable, PEM, parseable, and the key the certificate's own. Every problem is a
// ConfigError naming the variable and the file, so a bad file refuses the start (or a reload).
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { ConfigError, type Config } from './config/config';

export interface TlsFiles {
  options: { cert: Buffer; key: Buffer; ca?: Buffer };
  subject: string;
  validTo: string;
  /** When the certificate expires (ms since the epoch). */
  expiresAt: number;
}

type FileConfig = Pick<Config, 'TLS_CERT_FILE' | 'TLS_KEY_FILE' | 'TLS_CA_FILE'>;

function read(variable: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new ConfigError(`${variable} ${file} cannot be read: ${e.code ?? e.message}`);
  }
}

function pem(variable: string, file: string, bytes: Buffer, label: RegExp, what: string): void {
  if (!label.test(bytes.toString('latin1'))) {
    throw new ConfigError(`${variable} ${file} is not a PEM ${what} (no "-----BEGIN ...-----" line)`);
  }
}

function certificate(variable: string, file: string, bytes: Buffer): X509Certificate {
  pem(variable, file, bytes, /-----BEGIN CERTIFICATE-----/, 'certificate');
  try {
    return new X509Certificate(bytes);
  } catch (err) {
    throw new ConfigError(`${variable} ${file} is not a valid certificate: ${(err as Error).message}`);
  }
}

function privateKey(file: string, bytes: Buffer): KeyObject {
  pem('TLS_KEY_FILE', file, bytes, /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/, 'private key');
  try {
    return createPrivateKey(bytes);
  } catch (err) {
    throw new ConfigError(
      `TLS_KEY_FILE ${file} is not a usable private key (an unencrypted PEM key is needed): ${(err as Error).message}`,
    );
  }
}

/** Reads and checks the files; `needer` names the setting that wants them (e.g. "MQTTS_PORT"). */
export function loadTlsFiles(config: FileConfig, needer: string): TlsFiles {
  const certFile = config.TLS_CERT_FILE;
  const keyFile = config.TLS_KEY_FILE;
  if (certFile === undefined || keyFile === undefined) {
    const missing = [certFile === undefined && 'TLS_CERT_FILE', keyFile === undefined && 'TLS_KEY_FILE'];
    throw new ConfigError(
      `${needer} is set, so ${missing.filter(Boolean).join(' and ')} must name the PEM certificate and key files`,
    );
  }
  const cert = read('TLS_CERT_FILE', certFile);
  const x509 = certificate('TLS_CERT_FILE', certFile, cert);
  const key = read('TLS_KEY_FILE', keyFile);
  if (!x509.checkPrivateKey(privateKey(keyFile, key))) {
    throw new ConfigError(
      `TLS_KEY_FILE ${keyFile} is not the key of the certificate in TLS_CERT_FILE ${certFile}`,
    );
  }
  const options: TlsFiles['options'] = { cert, key };
  if (config.TLS_CA_FILE !== undefined) {
    options.ca = read('TLS_CA_FILE', config.TLS_CA_FILE);
    certificate('TLS_CA_FILE', config.TLS_CA_FILE, options.ca);
  }
  try {
    tls.createSecureContext(options);
  } catch (err) {
    throw new ConfigError(
      `TLS_CERT_FILE ${certFile} / TLS_KEY_FILE ${keyFile} cannot be used for TLS: ${(err as Error).message}`,
    );
  }
  return {
    options,
    subject: x509.subject.replace(/\n/g, ', '),
    validTo: x509.validTo,
    expiresAt: Date.parse(x509.validTo),
  };
}
