/**
 * The storage server's TLS identity: an ECDSA P-256 key and a self-signed
 * X.509 v3 certificate built with our DER writer (no openssl binary needed).
 * GBS clients do not use certificate authorities: they pin the SHA-256 hash
 * of the certificate's SubjectPublicKeyInfo, which the NURL carries (the
 * spec's "Summary" and its footnote on RFC 7469 comparison).
 */
import { createHash, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { derBitString, derExplicit, derObjectIdentifier, derSequence, derSet, derSmallInteger, derTime, derUnsignedInteger, derUtf8String } from './der';

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const COMMON_NAME = '2.5.4.3';
/** RFC 5280 §4.1.2.5: "no well-defined expiration date". The spec's footnote recommends very long validity. */
const NEVER_EXPIRES = new Date(Date.UTC(9999, 11, 31, 23, 59, 59));

export interface TlsIdentity {
  privateKeyPem: string;
  certificatePem: string;
}

function pem(label: string, der: Uint8Array): string {
  const lines = Buffer.from(der).toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function distinguishedName(commonName: string): Uint8Array {
  return derSequence(derSet(derSequence(derObjectIdentifier(COMMON_NAME), derUtf8String(commonName))));
}

/** Builds and signs a self-signed certificate for the key pair. */
export function selfSignedCertificate(privateKey: KeyObject, publicKey: KeyObject, commonName: string, now = new Date()): Uint8Array {
  const signatureAlgorithm = derSequence(derObjectIdentifier(ECDSA_WITH_SHA256));
  const name = distinguishedName(commonName);
  // A positive 128-bit serial (the top bit cleared keeps it positive and within RFC 5280's 20 octets).
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  const tbsCertificate = derSequence(
    derExplicit(0, derSmallInteger(2)), // v3
    derUnsignedInteger(serial),
    signatureAlgorithm,
    name,
    derSequence(derTime(new Date(now.getTime() - 24 * 3600 * 1000)), derTime(NEVER_EXPIRES)),
    name,
    new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })),
  );
  // ECDSA signatures from node:crypto are DER-encoded Ecdsa-Sig-Value, exactly what X.509 wants.
  const signature = sign('sha256', tbsCertificate, privateKey);
  return derSequence(tbsCertificate, signatureAlgorithm, derBitString(new Uint8Array(signature)));
}

export function createTlsIdentity(commonName = 'raic-gbs-storage'): TlsIdentity {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const certificate = selfSignedCertificate(privateKey, publicKey, commonName);
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certificatePem: pem('CERTIFICATE', certificate),
  };
}

/** The spec's server identity: unpadded base64url of SHA-256 over the DER SubjectPublicKeyInfo. */
export function spkiHashOf(certificate: X509Certificate): string {
  const spki = certificate.publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64url');
}

/** Foolscap's tub id (base32 of SHA-1 over the certificate DER), which Tahoe-LAFS clients still parse from the announcement. */
export function foolscapTubIdOf(certificate: X509Certificate): Uint8Array {
  return new Uint8Array(createHash('sha1').update(certificate.raw).digest());
}
