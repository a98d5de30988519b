import { createHash, randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { newObjectId } from './ids';

// Uploaded and customer-sent media, with Meta's accepted types and size limits.

const MB = 1024 * 1024;
export const MEDIA_SIZE_LIMITS: Record<string, number> = {
	'image/jpeg': 5 * MB,
	'image/png': 5 * MB,
	'image/webp': 500 * 1024,
	'video/mp4': 16 * MB,
	'video/3gpp': 16 * MB,
	'audio/aac': 16 * MB,
	'audio/amr': 16 * MB,
	'audio/mpeg': 16 * MB,
	'audio/mp4': 16 * MB,
	'audio/ogg': 16 * MB,
	'text/plain': 100 * MB,
	'application/pdf': 100 * MB,
	'application/msword': 100 * MB,
	'application/vnd.ms-excel': 100 * MB,
	'application/vnd.ms-powerpoint': 100 * MB,
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 100 * MB,
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 100 * MB,
	'application/vnd.openxmlformats-officedocument.presentationml.presentation': 100 * MB,
};

export interface StoredMedia {
	id: string;
	mimeType: string;
	data: Buffer;
	sha256: string; // hex
	fileSize: number;
	filename?: string;
	source: 'upload' | 'customer';
}

export class MediaStore {
	private readonly media = new Map<string, StoredMedia>();
	private readonly downloadTokens = new Map<string, { mediaId: string; expiresAt: number }>();

	add(data: Buffer, mimeType: string, source: StoredMedia['source'], filename?: string): StoredMedia {
		const item: StoredMedia = {
			id: newObjectId(),
			mimeType,
			data,
			sha256: createHash('sha256').update(data).digest('hex'),
			fileSize: data.length,
			filename,
			source,
		};
		this.media.set(item.id, item);
		return item;
	}

	get(id: string) {
		return this.media.get(id);
	}

	delete(id: string) {
		return this.media.delete(id);
	}

	/** A short-lived download token, like the signed lookaside URLs Meta hands out. */
	issueDownloadToken(mediaId: string, now: number, lifetimeMs = 5 * 60_000) {
		const token = randomBytes(16).toString('hex');
		this.downloadTokens.set(token, { mediaId, expiresAt: now + lifetimeMs });
		return token;
	}

	redeem(token: string, mediaId: string, now: number): StoredMedia | 'expired' | undefined {
		const grant = this.downloadTokens.get(token);
		if (!grant || grant.mediaId !== mediaId) return undefined;
		if (grant.expiresAt < now) return 'expired';
		return this.media.get(mediaId);
	}

	clear() {
		this.media.clear();
		this.downloadTokens.clear();
	}
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});
const crc32 = (buf: Buffer) => {
	let c = 0xffffffff;
	for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
};

/** A small PNG picture (a sunset-coloured gradient), for customers who send "an image". */
export function samplePng(size = 96): Buffer {
	const chunk = (type: string, data: Buffer) => {
		const length = Buffer.alloc(4);
		length.writeUInt32BE(data.length);
		const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(body));
		return Buffer.concat([length, body, crc]);
	};
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
	const rows: Buffer[] = [];
	for (let y = 0; y < size; y++) {
		const row = Buffer.alloc(1 + size * 3);
		for (let x = 0; x < size; x++) {
			const sun = (x - size * 0.6) ** 2 + (y - size * 0.55) ** 2 < (size * 0.18) ** 2;
			const sea = y > size * 0.62;
			row.set(sun ? [255, 214, 90] : sea ? [30, 90 + (y % 7) * 4, 140] : [240 - y, 120 + y, 90 + x], 1 + x * 3);
		}
		rows.push(row);
	}
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(Buffer.concat(rows))),
		chunk('IEND', Buffer.alloc(0)),
	]);
}
