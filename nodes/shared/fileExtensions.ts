// One MIME type → file extension table for every file this package names: MCP result payloads
// (MCP Client) and downloaded WhatsApp media (WhatsApp Reply).

const EXTENSIONS: Record<string, string> = {
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/gif': 'gif',
	'image/webp': 'webp',
	'image/svg+xml': 'svg',
	'audio/wav': 'wav',
	'audio/x-wav': 'wav',
	'audio/mpeg': 'mp3',
	'audio/ogg': 'ogg',
	'audio/aac': 'aac',
	'audio/amr': 'amr',
	'audio/mp4': 'm4a',
	'video/mp4': 'mp4',
	'video/3gpp': '3gp',
	'application/pdf': 'pdf',
	'application/gzip': 'gz',
	'application/json': 'json',
	'text/plain': 'txt',
};

/** The usual extension for a MIME type (parameters and case ignored); 'bin' when unknown. */
export function fileExtensionFor(mimeType: string): string {
	return EXTENSIONS[mimeType.split(';')[0].trim().toLowerCase()] ?? 'bin';
}
