// A news article written for Factmark's tests of the review screen (not taken from any
// publication; the people, places and figures are made up). It has what a real article has: a
// headline, a byline, a dateline, claims with figures, quotes with speakers, names, and
// sentences that are not worth checking, over enough paragraphs to scroll on a phone.
export const harborArticle = `Council approves $48 million plan to rebuild the Harbor Street bridge

By Maria Lindqvist

PORTLAND, Maine—
The Portland City Council voted 7 to 2 on Tuesday to spend $48 million rebuilding the Harbor Street bridge, which state inspectors rated structurally deficient in 2021.

About 21,000 vehicles cross the bridge every day, according to the Maine Department of Transportation, and its weight limit was lowered to 10 tons last spring after engineers found corrosion in two of its steel girders.

“We have patched this bridge for fifteen years, and the patches are now holding up the patches,” said Councilor Dana Whitfield, who chairs the council's infrastructure committee.

The plan relies on a $30 million federal grant awarded in March, with the remaining $18 million coming from a municipal bond that voters approved in November by a margin of 62 percent to 38 percent.

Construction is expected to begin next summer and take roughly three years. During that time, traffic will be detoured over the Fore River crossing, which city planners estimate will add eight minutes to the average commute.

Not everyone is convinced. Councilor Raymond Osei, one of the two members who voted against the plan, said the city had underestimated the cost of the detour for businesses on the waterfront.

“Three years is a long time to ask a bakery to survive without its morning customers,” Osei said. “Nobody on this council has shown me a plan for them.”

Why does the project cost so much? Engineers say the answer lies in the river bed. The new piers must be driven 40 feet deeper than the old ones to reach stable rock, which accounts for nearly a third of the budget.

The Harbor Street bridge opened in 1958 and was last rehabilitated in 1994. A study commissioned by the city in 2022 found that repairing it again would cost $31 million and extend its life by only 12 years.

Residents who spoke at Tuesday's meeting were divided. Some praised the council for acting before the bridge had to be closed; others worried about noise and dust.

“I just want to be able to walk my kids to school without crossing four lanes of detour traffic,” said Alicia Moreno, who lives two blocks from the bridge.

The council will hold a public hearing on the construction schedule on June 12.

This story has been updated.
`;
