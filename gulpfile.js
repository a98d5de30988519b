// Copies node and credential icons and the nodes' codex files (*.node.json: categories, docs links)
// next to their compiled files; tsc emits only the .js.
const path = require('path');
const { task, src, dest } = require('gulp');

task('build:icons', () =>
	src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(dest(path.resolve('dist'))),
);
