import type { IDataObject } from 'n8n-workflow';

import { fileExtensionFor } from '../../shared/fileExtensions';
import type { Operation } from './ItemContext';

const BYTES_PER_MB = 1024 * 1024;

export const MEDIA_OPERATIONS: Record<string, Operation> = {
	upload: async (ctx) => {
		const property = ctx.param<string>('binaryPropertyName', 'data');
		const binary = ctx.fns.helpers.assertBinaryData(ctx.index, property);
		const data = await ctx.fns.helpers.getBinaryDataBuffer(ctx.index, property);
		const { id } = await ctx.client().uploadMedia({ data, mimeType: binary.mimeType, fileName: binary.fileName });
		return { json: { mediaId: id, mimeType: binary.mimeType, fileName: binary.fileName, fileSize: data.length } };
	},

	get: async (ctx) => {
		const info = await ctx.client().getMediaInfo(ctx.param<string>('mediaId'));
		return { json: { ...(info as unknown as IDataObject), mediaId: info.id } };
	},

	download: async (ctx) => {
		const options = ctx.param<IDataObject>('options', {});
		const maxBytes = Math.round(Number(options.maxSizeMb ?? 100) * BYTES_PER_MB);
		const mediaId = ctx.param<string>('mediaId');
		const media = await ctx.client().downloadMedia(mediaId, { maxBytes });
		const property = ctx.param<string>('binaryPropertyName', 'data');
		const binary = await ctx.fns.helpers.prepareBinaryData(media.data, fileNameFor(media.id, media.mimeType), media.mimeType);
		return {
			json: { ...ctx.item.json, mediaId: media.id, mimeType: media.mimeType, sha256: media.sha256, fileSize: media.fileSize },
			binary: { ...(ctx.item.binary ?? {}), [property]: binary },
		};
	},

	delete: async (ctx) => {
		const mediaId = ctx.param<string>('mediaId');
		const { success } = await ctx.client().deleteMedia(mediaId);
		return { json: { success, mediaId } };
	},
};

function fileNameFor(mediaId: string, mimeType: string): string {
	return `${mediaId}.${fileExtensionFor(mimeType)}`;
}
