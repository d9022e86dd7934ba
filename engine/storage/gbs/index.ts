/** GBS: Tahoe-LAFS's HTTP storage protocol ("Great Black Swamp"), server and client. */
export { GbsStorageServer, type GbsStorageServerOptions } from './client';
export { startGbsServer, serveStorageOverGbs, gbsRequestHandler, DEFAULT_APPLICATION_VERSION, type GbsServerOptions, type RunningGbsServer } from './server';
export { loadOrCreateServerIdentity, type ServerIdentity } from './server-identity';
export { formatNurl, parseNurl, NurlError, type Nurl } from './nurl';
export { tahoeAnnouncement, serversYaml, type TahoeAnnouncement } from './announcement';
export { CertificatePinError } from './pinned-agent';
export { GbsResponseError } from './client-errors';
export { GbsTimeoutError } from './http-exchange';
