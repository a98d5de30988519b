import type http from 'node:http';
import { graphErrors } from '../graphError';
import { errorMessage } from '../../nodes/shared/caughtError';

// Reads a request body and parses it the way the Graph API accepts parameters: JSON, a form,
// or multipart (media uploads). Form values that are JSON objects or arrays are decoded, as Graph does.

const MAX_BODY_BYTES = 110 * 1024 * 1024;

export function readRawBody(req: http.IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(graphErrors.invalidParameter(`The request body exceeds ${MAX_BODY_BYTES} bytes.`));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

export interface UploadedFile {
	name: string;
	type: string;
	data: Buffer;
}

export interface ParsedBody {
	/** Parameters from the body (JSON object, form fields, or multipart text fields). */
	fields: Record<string, unknown>;
	/** The JSON body as sent, when it was JSON (may be a non-object). */
	json?: unknown;
	file?: UploadedFile;
	/** What to keep in the request record. */
	forRecord: unknown;
}

const decodeFormValue = (value: string): unknown => {
	if (/^\s*[[{]/.test(value)) {
		try {
			return JSON.parse(value);
		} catch {
			return value;
		}
	}
	return value;
};

export async function parseBody(raw: Buffer, contentType = ''): Promise<ParsedBody> {
	if (raw.length === 0) return { fields: {}, forRecord: undefined };
	const type = contentType.split(';')[0].trim().toLowerCase();
	if (type === 'multipart/form-data') {
		let form: FormData;
		try {
			form = await new Request('http://sandbox.local/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(raw) }).formData();
		} catch (error) {
			throw graphErrors.invalidParameter(`The multipart body could not be parsed: ${errorMessage(error)}`);
		}
		const fields: Record<string, unknown> = {};
		let file: UploadedFile | undefined;
		const entries: Array<[string, FormDataEntryValue]> = [];
		form.forEach((value, key) => entries.push([key, value]));
		for (const [key, value] of entries) {
			if (typeof value === 'string') fields[key] = decodeFormValue(value);
			else if (key === 'file') file = { name: value.name, type: value.type, data: Buffer.from(await value.arrayBuffer()) };
		}
		return { fields, file, forRecord: { ...fields, ...(file ? { file: { name: file.name, type: file.type, size: file.data.length } } : {}) } };
	}
	if (type === 'application/x-www-form-urlencoded') {
		const fields = Object.fromEntries([...new URLSearchParams(raw.toString('utf8'))].map(([k, v]) => [k, decodeFormValue(v)]));
		return { fields, forRecord: fields };
	}
	let json: unknown;
	try {
		json = JSON.parse(raw.toString('utf8'));
	} catch (error) {
		throw graphErrors.invalidParameter(`The request body is not valid JSON (${errorMessage(error)}); send Content-Type: application/json with a JSON object.`);
	}
	const fields = json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
	return { fields, json, forRecord: json };
}
