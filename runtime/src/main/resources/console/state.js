// What pages hand each other within one tab: the branding being set up (not saved yet), so the
// preview can show it before it is saved.
export const draft = {branding: null, factoryId: null, back: null};
