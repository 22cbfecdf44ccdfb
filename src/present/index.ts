// The words and shape of every reply, for the platform renderers (adapters/*/render.ts, cards.ts).
export { citationLine, excerpt } from './citation.js';
export { type AnswerShown, answerView, declineView, helpView, homeView, present, type Where } from './present.js';
export { type Contact, contactLink, DEFAULT_PRESENTATION, type Presentation } from './settings.js';
export { BUTTONS, partText, type QuoteRoom, type View, type ViewActions, type ViewPart } from './view.js';
export * from './words.js';
