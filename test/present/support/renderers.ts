import { expect } from 'vitest';
import { renderPlain } from '../../../adapters/cli/render.js';
import { LIMITS, renderReply } from '../../../adapters/slack/render.js';
import { type AdaptiveCard, MAX_CARD_BYTES, replyCard } from '../../../adapters/teams/cards.js';
import type { Presentation, Reply } from '../../../src/index.js';

// The renderers under the contract (test/present/renderer-contract.test.ts), each with how to read its
// output back: what a reader sees, what is a heading, a quote or a link, and the platform's limits.

/** What the contract needs to know about one renderer: how to render, and how to read its output back. */
export interface RendererUnderTest {
  name: string;
  /** Plain text has no markup: an address in it is only text, so there is nothing to escape but control characters. */
  plainText?: true;
  render(reply: Reply, presentation: Presentation): unknown;
  /** The words a reader sees, unescaped, in order. */
  visible(output: unknown): string;
  /** Texts shown as headings. */
  headings(output: unknown): string[];
  /** Texts set apart as verbatim quotes (without the quotation marks). */
  quotes(output: unknown): string[];
  /** Addresses the reader can open. */
  links(output: unknown): string[];
  /** Fails when text from a user or a knowledge file could act here: a mention, markup, a control character. */
  expectInert(output: unknown): void;
  /** Fails when the output is over the platform's size limits. */
  expectWithinLimits(output: unknown): void;
}

// biome-ignore lint/suspicious/noExplicitAny: platform payloads, read freely by the checks.
type Json = Record<string, any>;
export const flat = (text: string) => text.replace(/\s+/g, ' ').trim();
const unquote = (text: string) => text.replace(/^“/, '').replace(/”$/, '');

export const slack: RendererUnderTest = {
  name: 'Slack (Block Kit)',
  render: (reply, presentation) => renderReply(reply, { presentation, commandPrefix: '' }),
  // Only the entities and links are undone: Slack shows any other character as written.
  visible: (output) =>
    slackTexts(output)
      .map((text) => slackUnescape(text.replace(/^> /gm, '').replace(/<[^|<>]+\|([^<>]*)>/g, '$1')))
      .join('\n'),
  headings: (output) =>
    (output as { blocks: Json[] }).blocks
      .filter((block) => block.type === 'header')
      .map((block) => slackUnescape(block.text.text)),
  quotes: (output) =>
    (output as { blocks: Json[] }).blocks
      .filter((block) => block.type === 'section' && block.text.text.startsWith('> '))
      .map((block) => unquote(slackUnescape(block.text.text.replace(/^> /gm, '')))),
  links: (output) =>
    slackTexts(output).flatMap((text) => [...text.matchAll(/<((?:https?|mailto):[^|<>]+)\|/g)].map((m) => m[1] ?? '')),
  expectInert(output) {
    for (const text of [...slackTexts(output), (output as { text: string }).text]) {
      expect(text).not.toMatch(/<[!@#]/);
      // Every & starts an escape, so nothing can smuggle one in.
      expect(text.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
    }
  },
  expectWithinLimits(output) {
    const { blocks, text } = output as { blocks: Json[]; text: string };
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
    expect(text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
    for (const block of blocks) {
      if (block.type === 'section') expect(block.text.text.length).toBeLessThanOrEqual(3000);
      if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(150);
      if (block.type === 'context')
        for (const element of block.elements) expect(element.text.length).toBeLessThanOrEqual(3000);
    }
  },
};

function slackTexts(output: unknown): string[] {
  return (output as { blocks: Json[] }).blocks.flatMap((block) => {
    if (block.type === 'context') return block.elements.map((element: Json) => element.text as string);
    return block.text ? [block.text.text as string] : [];
  });
}

function slackUnescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export const teams: RendererUnderTest = {
  name: 'Teams (Adaptive Cards)',
  render: (reply, presentation) => replyCard(reply, { presentation }),
  visible: (output) =>
    teamsTexts((output as AdaptiveCard).body)
      .map(markdownUnescape)
      .join('\n'),
  headings: (output) =>
    (output as AdaptiveCard).body
      .filter((element) => element.weight === 'Bolder' && element.size === 'Medium')
      .map((element) => markdownUnescape(element.text as string)),
  quotes: (output) =>
    (output as AdaptiveCard).body
      .filter((element) => element.type === 'Container' && element.style === 'emphasis')
      .map((element) =>
        unquote(
          teamsTexts(element.items as Json[])
            .map(markdownUnescape)
            .join('\n'),
        ),
      ),
  links: (output) => {
    const card = output as AdaptiveCard;
    const buttons = (card.actions ?? []).flatMap((action) => (action.type === 'Action.OpenUrl' ? [action.url] : []));
    const inline = teamsTexts(card.body).flatMap((text) =>
      [...text.matchAll(/(?<!\\)\]\(([^)]+)\)/g)].map((m) => m[1] ?? ''),
    );
    return [...buttons, ...inline];
  },
  expectInert(output) {
    for (const text of teamsTexts((output as AdaptiveCard).body)) {
      expect(text).not.toMatch(/(?<!\\)[*_`~]/); // emphasis, code, strikethrough
      expect(text).not.toMatch(/(?<!\\)\[[^\]]*(?<!\\)\]\(/); // a link
    }
  },
  expectWithinLimits(output) {
    expect(Buffer.byteLength(JSON.stringify(output), 'utf8')).toBeLessThan(MAX_CARD_BYTES);
  },
};

function teamsTexts(elements: Json[]): string[] {
  return elements.flatMap((element): string[] => {
    if (element.type === 'Container') return teamsTexts(element.items);
    if (element.type === 'FactSet') return element.facts.map((fact: Json) => `${fact.title} ${fact.value}`);
    return typeof element.text === 'string' ? [element.text] : [];
  });
}

/** Card Markdown as the reader sees it: escapes dropped, links shown as their label. */
function markdownUnescape(text: string): string {
  return text.replace(/(?<!\\)\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\\(.)/g, '$1');
}

export const terminal: RendererUnderTest = {
  name: 'terminal (text)',
  plainText: true,
  render: (reply, presentation) => renderPlain(reply, presentation),
  visible: (output) => output as string,
  headings: (output) =>
    (output as string)
      .split('\n\n')
      .map((paragraph) => paragraph.split('\n')[0] ?? '')
      .filter((line) => /^\S/.test(line)),
  quotes: (output) =>
    [...(output as string).matchAll(/^ {2}“([\s\S]*?)”$/gm)].map((match) =>
      (match[1] ?? '')
        .split('\n')
        .map((line) => line.trim())
        .join('\n\n'),
    ),
  links: (output) =>
    [...(output as string).matchAll(/(?:https?|mailto):\S+/g)].map((match) => match[0].replace(/\.$/, '')),
  expectInert(output) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point.
    expect(output as string).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  },
  expectWithinLimits: () => {
    // A terminal has no size limit: quotes are shown whole (checked below).
  },
};

export const RENDERERS = [slack, teams, terminal];
