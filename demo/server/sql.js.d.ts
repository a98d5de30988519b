// The few sql.js calls the demo shop uses (the package ships no types; @types/sql.js would add
// @types/emscripten too, for five methods).
declare module 'sql.js' {
	export type SqlValue = number | string | Uint8Array | null;
	export type BindParams = SqlValue[] | Record<string, SqlValue>;

	export interface Statement {
		bind(params?: BindParams): boolean;
		step(): boolean;
		getAsObject(): Record<string, SqlValue>;
		free(): boolean;
	}

	export interface Database {
		run(sql: string, params?: BindParams): Database;
		exec(sql: string): Array<{ columns: string[]; values: SqlValue[][] }>;
		prepare(sql: string, params?: BindParams): Statement;
		getRowsModified(): number;
		export(): Uint8Array;
		close(): void;
	}

	export interface SqlJsStatic {
		Database: new (data?: ArrayLike<number> | Buffer | null) => Database;
	}

	export default function initSqlJs(config?: { locateFile?: (file: string) => string }): Promise<SqlJsStatic>;
}
