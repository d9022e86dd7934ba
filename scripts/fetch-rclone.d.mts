export declare const RCLONE_VERSION: string;
export declare function zipName(version: string, platform: string, arch: string): string;
export declare function publishedSha256(sums: string, fileName: string): string;
export declare function extractFromZip(zip: Buffer, nameEnd: string): Buffer;
export declare function fetchRclone(options: { root: string; platform?: string; arch?: string; version?: string }): Promise<string>;
