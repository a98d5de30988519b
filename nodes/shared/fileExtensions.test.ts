import { fileExtensionFor } from './fileExtensions';

test('a known MIME type gets its usual extension', () => {
	expect(fileExtensionFor('image/jpeg')).toBe('jpg');
	expect(fileExtensionFor('audio/ogg')).toBe('ogg');
	expect(fileExtensionFor('video/3gpp')).toBe('3gp');
});

test('parameters and case do not matter', () => {
	expect(fileExtensionFor('audio/ogg; codecs=opus')).toBe('ogg');
	expect(fileExtensionFor('Image/PNG')).toBe('png');
});

test('an unknown MIME type gets bin', () => {
	expect(fileExtensionFor('application/octet-stream')).toBe('bin');
	expect(fileExtensionFor('')).toBe('bin');
});
