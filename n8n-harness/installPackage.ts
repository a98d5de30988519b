// Puts this package into an n8n user folder exactly as the Community Nodes screen does
// (shared/design/N8N.md): npm pack, unpack into ~/.n8n/nodes/node_modules/<name>, drop dev, peer and
// optional dependencies, then `npm install --ignore-scripts --install-strategy=shallow`.
// The installed copy is cached per tarball hash so that each test's fresh n8n only copies it.
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export const projectRoot = path.resolve(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
const packageName: string = manifest.name;
const packageVersion: string = manifest.version;
const cacheRoot = path.join(projectRoot, '.cache', 'packed');

let packedInstall: string | undefined;

/** Builds nothing: `npm test` and the demo build first. Returns a folder holding node_modules/<pkg>. */
export function packAndInstallOnce(): string {
	if (packedInstall) return packedInstall;
	if (!fs.existsSync(path.join(projectRoot, 'dist'))) {
		throw new Error('dist/ is missing: run `npm run build` before the real-engine tests');
	}
	fs.mkdirSync(cacheRoot, { recursive: true });
	const packDir = fs.mkdtempSync(path.join(cacheRoot, 'pack-'));
	const packOutput = execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], {
		cwd: projectRoot,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const tarball = path.join(packDir, JSON.parse(packOutput)[0].filename as string);
	const hash = createHash('sha256').update(fs.readFileSync(tarball)).digest('hex').slice(0, 16);
	const installRoot = path.join(cacheRoot, hash);
	if (!fs.existsSync(path.join(installRoot, '.complete'))) {
		// Built aside and renamed into place: several test processes may pack the same build at once.
		const staging = `${installRoot}.staging-${process.pid}-${Date.now()}`;
		const packageDir = path.join(staging, 'node_modules', packageName);
		fs.mkdirSync(packageDir, { recursive: true });
		execFileSync('tar', ['xzf', tarball, '-C', packageDir, '--strip-components=1']);
		const manifestPath = path.join(packageDir, 'package.json');
		const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
		delete manifest.devDependencies;
		delete manifest.peerDependencies;
		delete manifest.optionalDependencies;
		fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
		execFileSync('npm', ['install', '--ignore-scripts', '--install-strategy=shallow', '--package-lock=false', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: packageDir,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		fs.writeFileSync(path.join(staging, '.complete'), tarball);
		try {
			fs.renameSync(staging, installRoot);
		} catch {
			fs.rmSync(staging, { recursive: true, force: true }); // another process got there first
		}
	}
	fs.rmSync(packDir, { recursive: true, force: true });
	packedInstall = installRoot;
	return installRoot;
}

/** Copies the installed package into `<userFolder>/.n8n/nodes/`. */
export function installIntoUserFolder(userFolder: string): void {
	const installRoot = packAndInstallOnce();
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [packageName]: packageVersion } }, null, 2),
	);
	fs.cpSync(path.join(installRoot, 'node_modules'), path.join(nodesDir, 'node_modules'), { recursive: true });
}

export { packageName };
