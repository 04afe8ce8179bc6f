// An in-memory card store with the data table's semantics (auto-increment ids, no unique keys,
// conditional writes on the revision column). `gate` lets a test decide when each call runs, to
// interleave executions the way parallel n8n executions interleave their API calls. With `lateCommit`
// an insert takes its id at once but becomes visible only at a later step, as on PostgreSQL, where a
// row with a lower id can commit after a row with a higher one has been read.
import { holdsEmail, holdsEmailOrText } from '../../nodes/CalendlyToCard/board/cardBoard';
import type { CardBoard } from '../../nodes/CalendlyToCard/board/syncBooking';
import type { CardRow, CellValue } from '../../nodes/CalendlyToCard/decide';
import { SYSTEM_CARD_COLUMNS } from '../../nodes/CalendlyToCard/decide';

const clone = (row: CardRow): CardRow => JSON.parse(JSON.stringify(row)) as CardRow;

export class MemoryBoard implements CardBoard {
	readonly rows = new Map<number, CardRow>();
	calls = 0;
	private nextId = 1;

	constructor(
		private readonly gate: () => Promise<void> = async () => {},
		private readonly lateCommit = false,
	) {}

	async findByEmail(email: string): Promise<CardRow[]> {
		await this.gate();
		this.calls++;
		return [...this.rows.values()]
			.filter((row) => holdsEmail(row, email))
			.sort((a, b) => a.id - b.id)
			.map(clone);
	}

	async findByEmails(emails: string[]): Promise<CardRow[]> {
		return await this.findByEmailsOrStateText(emails, []);
	}

	async findByStateText(text: string): Promise<CardRow[]> {
		return await this.findByEmailsOrStateText([], [text]);
	}

	async findByEmailsOrStateText(emails: string[], texts: string[]): Promise<CardRow[]> {
		await this.gate();
		this.calls++;
		return [...this.rows.values()]
			.filter((row) => holdsEmailOrText(row, emails, texts))
			.sort((a, b) => a.id - b.id)
			.map(clone);
	}

	async insert(data: Record<string, CellValue>): Promise<CardRow> {
		await this.gate();
		this.calls++;
		// n8n gives every row its creation time.
		const row = { ...data, id: this.nextId++, createdAt: new Date().toISOString() } as CardRow;
		if (this.lateCommit) await this.gate();
		this.rows.set(row.id, row);
		return clone(row);
	}

	async updateIfUnchanged(
		id: number,
		expected: string | null,
		data: Record<string, CellValue>,
	): Promise<CardRow | null> {
		await this.gate();
		this.calls++;
		const row = this.rows.get(id);
		if (!row || ((row[SYSTEM_CARD_COLUMNS.revision] as string | undefined) ?? null) !== expected)
			return null;
		Object.assign(row, data);
		return clone(row);
	}

	async deleteIfUnchanged(id: number, expected: string | null): Promise<boolean> {
		await this.gate();
		this.calls++;
		const row = this.rows.get(id);
		if (!row || ((row[SYSTEM_CARD_COLUMNS.revision] as string | undefined) ?? null) !== expected)
			return false;
		this.rows.delete(id);
		return true;
	}

	async ensureColumns(): Promise<void> {}

	/** The board's content without ids, sorted, for comparing outcomes. */
	snapshot(): string[] {
		return [...this.rows.values()]
			.map((row) => {
				const { id: _id, createdAt: _createdAt, ...rest } = row;
				return JSON.stringify(
					Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1))),
				);
			})
			.sort();
	}
}
