import type { TemplateRow } from './templates.repository.js';
import { TemplateText } from './template-text.js';

/** A template as the API shows it (REST, GraphQL): with the variables its body uses. */
export interface TemplateResource {
  id: string;
  name: string;
  body: string;
  variables: string[];
  defaults: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

export function toTemplateResource(row: TemplateRow): TemplateResource {
  return {
    id: row.id,
    name: row.name,
    body: row.body,
    variables: TemplateText.parse(row.body).variables,
    defaults: row.defaults,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** What a template renders to with some values: the text and what a send of it would cost. */
export interface TemplatePreview {
  body: string;
  segments: number;
  encoding: string;
  variables: string[];
}
