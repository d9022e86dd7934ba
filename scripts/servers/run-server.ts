/**
 * Starts one of the test servers by hand, prints the settings to use, and
 * stops it (deleting its files) on Ctrl-C:
 *
 *   npx tsx scripts/servers/run-server.ts swift|webdav|sftp
 */
import { startRcloneServer } from './rclone-server';
import { startSwiftServer } from './swift-server';

const which = process.argv[2];
let stop: () => Promise<void>;
if (which === 'swift') {
  const swift = await startSwiftServer();
  console.log(`Swift:  auth ${swift.authUrl}  user ${swift.user}  key ${swift.key}`);
  console.log(`S3:     endpoint ${swift.s3.endpoint}  region ${swift.s3.region}  access key ${swift.s3.accessKeyId}  secret ${swift.s3.secretAccessKey}  (path-style)`);
  stop = () => swift.stop();
} else if (which === 'webdav' || which === 'sftp') {
  const server = await startRcloneServer(which);
  console.log(`${which}: ${which === 'webdav' ? server.url : `${server.host}:${server.port}`}  user ${server.user}  password ${server.password}  folder ${server.dataDir}`);
  stop = () => server.stop();
} else {
  console.error('usage: run-server.ts swift|webdav|sftp');
  process.exit(2);
}
console.log('Ctrl-C stops it and deletes its files.');
process.once('SIGINT', () => {
  void stop().then(() => process.exit(0));
});
