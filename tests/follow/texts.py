"""Article texts for the follower's tests (invented news)."""

from __future__ import annotations

SPILL = [
    "The harbour authority said on Monday that the oil spill near the northern pier had "
    "been contained after a night of work by emergency crews from three towns.",
    "Officials warned that fishing would remain banned in the bay until tests of the water "
    "were complete, which could take several weeks according to the environment agency.",
    "The shipping company denied that its tanker had caused the leak and said it would "
    "cooperate fully with the inquiry announced by the regional government.",
]

BRIDGE = [
    "Engineers reopened the old river bridge on Tuesday after four months of repairs "
    "that cost the city more than twelve million euros, the mayor said.",
    "Traffic was expected to return to normal by the weekend, according to the transport "
    "office, although buses would keep their diverted routes for another week.",
    "Residents of the east bank said the closure had doubled their commute and called for "
    "a second crossing to be built before the next flood season.",
]

AGENCY = [
    "Lake City (Agency) - The national weather service warned on Wednesday that a powerful "
    "storm would reach the western coast by Friday, bringing winds of up to 140 kilometres "
    "an hour and heavy rain to low-lying districts.",
    "Interior minister Clara Voss said emergency shelters would open in twelve coastal towns "
    "and urged residents to follow evacuation orders from local officials without delay.",
    "The storm, the third this autumn, is expected to weaken over the mountains on Saturday, "
    "the service said, but rivers in the north could still overflow early next week.",
]


def text_of(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)
