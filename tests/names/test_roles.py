"""Role coverage and ranking, shared by the article and corpus levels."""

from __future__ import annotations

from storyline.names.roles import covers_role, ranked_roles


def test_covers_role() -> None:
    assert covers_role("russian president", "president")
    assert covers_role("chief executive of halvorsen chemicals", "chief executive")
    assert not covers_role("president", "president")
    assert not covers_role("presidential", "president")


def test_ranked_roles_most_frequent_then_first_and_no_role_inside_another() -> None:
    roles = [
        "hydrologist",
        "Committee chair",
        "committee chair",
        "Hydrologist, University of Brenham",
        "spokesman",
    ]
    assert ranked_roles(roles, lambda role: role) == [
        "Committee chair",  # written twice (case does not count), the first form kept
        "Hydrologist, University of Brenham",  # "hydrologist" is inside it
        "spokesman",
    ]
    assert ranked_roles([], lambda role: role) == []
