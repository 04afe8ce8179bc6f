import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** One file per operation exports these two. */
export interface CalendlyOperation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]>;
}

/** Calendly resources are plain JSON objects; this only tells TypeScript so. */
export function toJson<T extends object>(rows: T | T[]): IDataObject[] {
	return (Array.isArray(rows) ? rows : [rows]) as unknown as IDataObject[];
}
