import { buildMediaMessage } from './media';

const to = { to: '15550001111' };

describe('buildMediaMessage', () => {
	it('builds an image by link with a caption', () => {
		expect(buildMediaMessage(to, { mediaType: 'image', link: 'https://e.com/a.png', caption: 'Look' })).toMatchObject({
			type: 'image',
			image: { link: 'https://e.com/a.png', caption: 'Look' },
		});
	});

	it('builds a document by id with a filename', () => {
		expect(buildMediaMessage(to, { mediaType: 'document', id: '123', filename: 'invoice.pdf' }).document).toEqual({ id: '123', filename: 'invoice.pdf' });
	});

	it('wants exactly one of link and id', () => {
		expect(() => buildMediaMessage(to, { mediaType: 'video' })).toThrow('either a link or a media id');
		expect(() => buildMediaMessage(to, { mediaType: 'video', id: '1', link: 'https://e.com/v.mp4' })).toThrow('either a link or a media id');
	});

	it('refuses a caption on audio and stickers', () => {
		expect(() => buildMediaMessage(to, { mediaType: 'audio', id: '1', caption: 'x' })).toThrow('audio.caption');
		expect(() => buildMediaMessage(to, { mediaType: 'sticker', id: '1', caption: 'x' })).toThrow('sticker.caption');
	});

	it('refuses a caption over 1024 characters', () => {
		expect(() => buildMediaMessage(to, { mediaType: 'image', id: '1', caption: 'c'.repeat(1025) })).toThrow(/image.caption .*1025 characters.*1024/);
	});

	it('refuses a filename on anything but a document', () => {
		expect(() => buildMediaMessage(to, { mediaType: 'image', id: '1', filename: 'a.png' })).toThrow('image.filename');
	});
});
