"""The room's state (issue 16): joining, cards, the wall's moves, a capped voting round — and
hostile members refused with a sentence and nothing stored."""

from __future__ import annotations

import threading

import pytest

from sipdesk.room.state import (
    CODE_ALPHABET,
    NotJoined,
    Room,
    RoomClosed,
    RoomEvent,
    RoomLimits,
    RoomRefusal,
    TooManyTries,
)

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{7*7}} ${7*7} %s %n",
    "'; DROP TABLE swot_items; --",
]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def room(clock: Clock) -> Room:
    r = Room(clock=clock, join_code="ABC234")
    r.set_targets(causes=[("7", "People"), ("8", "Time")], whys=[("3", "Why? Late buses")])
    return r


def test_a_fresh_code_each_room_from_an_easy_alphabet() -> None:
    codes = {Room().join_code for _ in range(50)}
    assert len(codes) == 50
    assert all(len(c) == 6 and set(c) <= set(CODE_ALPHABET) for c in codes)


def test_join_add_and_see_only_ones_own_cards(room: Room) -> None:
    ana, ana_m = room.join("abc234 ", "  Ana ", "10.0.0.2")
    ben, _ = room.join("ABC234", "Ben", "10.0.0.3")
    assert ana_m.name == "Ana"
    a = room.add_card(ana, "swot", "strength", "Teachers stay", "Retention 94%")
    b = room.add_card(ben, "cause", "7", "No shared planning time")
    assert room.cards_of(ana) == [a]
    assert room.cards_of(ben) == [b]
    assert [c.id for c in room.pending()] == [a.id, b.id]
    assert a.member_name == "Ana" and a.evidence == "Retention 94%"
    assert room.status_of(a.id) == "waiting"


def test_wrong_codes_are_rate_limited_per_device_then_forgiven(room: Room, clock: Clock) -> None:
    for _ in range(room.limits.wrong_code_tries):
        with pytest.raises(RoomRefusal, match="does not match"):
            room.join("ZZZZZZ", "Mallory", "10.0.0.9")
    # Now even the right code is refused from that device, for a while.
    with pytest.raises(TooManyTries, match="wait a minute"):
        room.join("ABC234", "Mallory", "10.0.0.9")
    assert room.members() == []
    room.join("ABC234", "Ana", "10.0.0.2")  # other devices are not punished
    clock.now += room.limits.wrong_code_window_s + 1
    room.join("ABC234", "Mallory", "10.0.0.9")
    assert [m.name for m in room.members()] == ["Ana", "Mallory"]


def test_a_code_from_an_earlier_room_does_not_open_this_one(clock: Clock) -> None:
    old = Room(clock=clock)
    new = Room(clock=clock)
    assert old.join_code != new.join_code
    with pytest.raises(RoomRefusal):
        new.join(old.join_code, "Ana", "10.0.0.2")


def test_joining_again_retires_the_old_token_and_names_stay_unique(room: Room) -> None:
    first, member = room.join("ABC234", "Ana", "10.0.0.2")
    second, again = room.join("ABC234", "ana", "10.0.0.2")
    assert again == member and first != second
    with pytest.raises(NotJoined):
        room.member_for(first)
    assert room.member_for(second) == member
    with pytest.raises(RoomRefusal, match="already joined"):
        room.join("ABC234", "ANA", "10.0.0.7")
    assert len(room.members()) == 1


def test_tokens_stop_working_when_the_room_closes(room: Room) -> None:
    token, _ = room.join("ABC234", "Ana", "10.0.0.2")
    card = room.add_card(token, "swot", "threat", "Budget cuts")
    room.close()
    for call in (
        lambda: room.member_for(token),
        lambda: room.add_card(token, "swot", "threat", "More"),
        lambda: room.cards_of(token),
        lambda: room.join("ABC234", "Ben", "10.0.0.3"),
    ):
        with pytest.raises(RoomClosed, match="closed"):
            call()
    assert room.pending() == [card]  # the coach can still take what arrived


def test_members_and_cards_are_capped(clock: Clock) -> None:
    room = Room(clock=clock, join_code="ABC234", limits=RoomLimits(max_members=3))
    tokens = [room.join("ABC234", f"M{i}", f"10.0.0.{i}")[0] for i in range(3)]
    with pytest.raises(RoomRefusal, match="full"):
        room.join("ABC234", "Late", "10.0.0.99")
    refused = 0
    for n in range(10_000):
        try:
            room.add_card(tokens[0], "swot", "strength", f"idea {n}")
        except RoomRefusal as exc:
            assert "the most one person can add" in str(exc)
            refused += 1
    cap = room.limits.max_cards_per_member
    assert refused == 10_000 - cap
    assert len(room.cards_of(tokens[0])) == cap == len(room.pending())
    room.add_card(tokens[1], "swot", "strength", "others still can")


@pytest.mark.parametrize(
    ("kind", "target", "text", "evidence", "says"),
    [
        ("swot", "strength", "", "", "write the idea"),
        ("swot", "strength", "   \n ", "", "write the idea"),
        ("swot", "strength", "x" * 501, "", "too long"),
        ("swot", "strength", "ok", "y" * 501, "too long"),
        ("swot", "goal", "ok", "", "strength, weakness"),
        ("cause", "99", "ok", "", "places the coach has opened"),
        ("why", "<b>", "ok", "", "places the coach has opened"),
        ("priority", "1", "ok", "", "SWOT item, a cause or a why"),
        ("swot", "strength", 5, "", "as text"),
        ("swot", ["strength"], "ok", "", "where your idea goes"),
    ],
)
def test_bad_cards_are_refused_and_nothing_is_stored(
    room: Room, kind: str, target: object, text: object, evidence: object, says: str
) -> None:
    token, _ = room.join("ABC234", "Ana", "10.0.0.2")
    version = room.version
    with pytest.raises(RoomRefusal, match=says):
        room.add_card(token, kind, target, text, evidence)  # type: ignore[arg-type]
    assert room.pending() == [] and room.cards_of(token) == [] and room.version == version


def test_script_and_html_are_kept_as_plain_text(room: Room) -> None:
    for n, words in enumerate(HOSTILE):
        token, member = room.join("ABC234", words[:40], f"10.0.1.{n}")
        assert member.name == words[:40]
        card = room.add_card(token, "swot", "weakness", words, words)
        assert (card.text, card.evidence) == (words, words)


def test_control_characters_are_dropped_but_line_breaks_kept(room: Room) -> None:
    token, _ = room.join("ABC234", "Ana\x1b[31m", "10.0.0.2")
    card = room.add_card(token, "swot", "strength", "one\nline\x00two\x07")
    assert room.member_for(token).name == "Ana[31m"
    assert card.text == "one\nlinetwo"


def test_causes_need_a_bone_the_coach_opened(clock: Clock) -> None:
    room = Room(clock=clock, join_code="ABC234")
    token, _ = room.join("ABC234", "Ana", "10.0.0.2")
    with pytest.raises(RoomRefusal, match="not opened a fishbone"):
        room.add_card(token, "cause", "1", "idea")
    room.set_targets(causes=[("1", "People")])
    assert room.add_card(token, "cause", "1", "idea").target == "1"


def test_take_put_back_discard_edit_and_merge(room: Room) -> None:
    ana, _ = room.join("ABC234", "Ana", "a")
    ben, _ = room.join("ABC234", "Ben", "b")
    one = room.add_card(ana, "cause", "7", "No time", "Survey")
    two = room.add_card(ben, "cause", "7", "No planning time", "Schedule")
    three = room.add_card(ben, "swot", "threat", "Budget")
    taken = room.take(one.id)
    assert [c.id for c in room.pending()] == [two.id, three.id]
    assert room.status_of(one.id) == "accepted"
    room.put_back(taken)
    assert [c.id for c in room.pending()] == [one.id, two.id, three.id]
    with pytest.raises(RoomRefusal, match="same kind"):
        room.merge([one.id, three.id], "x")
    merged = room.merge([one.id, two.id], "No shared planning time")
    assert merged.member_name == "Ana & Ben"
    assert merged.evidence == "Survey; Schedule"
    assert [c.id for c in room.pending()] == [merged.id, three.id]
    assert room.status_of(one.id) == room.status_of(two.id) == "merged"
    edited = room.edit(three.id, "Budget cuts next year")
    assert room.pending()[1] == edited and edited.member_name == "Ben"
    room.discard(three.id)
    assert room.status_of(three.id) == "set aside"
    with pytest.raises(RoomRefusal, match="no longer waiting"):
        room.take(three.id)
    with pytest.raises(RoomRefusal, match="no longer waiting"):
        room.discard(three.id)


def test_silent_and_reveal(room: Room) -> None:
    assert not room.silent
    room.set_silent(True)
    assert room.silent
    room.reveal()
    assert not room.silent


def test_votes_count_only_in_an_open_round_and_are_capped(room: Room) -> None:
    ana, _ = room.join("ABC234", "Ana", "a")
    ben, _ = room.join("ABC234", "Ben", "b")
    with pytest.raises(RoomRefusal, match="not open"):
        room.vote(ana, "1")
    room.open_round([("1", "No time"), ("2", "Budget")], 3)
    assert room.round_open
    for _ in range(3):
        room.vote(ana, "1")
    with pytest.raises(RoomRefusal, match="all 3 of your dots"):
        room.vote(ana, "2")
    with pytest.raises(RoomRefusal, match="one dot at a time"):
        room.vote(ben, "2", 5)
    with pytest.raises(RoomRefusal, match="no dot there"):
        room.vote(ben, "2", -1)
    with pytest.raises(RoomRefusal, match="ideas in this round"):
        room.vote(ben, "<script>")
    room.vote(ana, "1", -1)
    room.vote(ana, "2")
    room.vote(ben, "2")
    assert room.my_votes(ana) == {"1": 2, "2": 1}
    assert room.close_round() == {"1": 2, "2": 2}
    assert not room.round_open
    with pytest.raises(RoomRefusal, match="not open"):
        room.vote(ben, "1")
    assert room.tallies() == {"1": 2, "2": 2}
    assert room.member_votes() == {"Ana": {"1": 2, "2": 1}, "Ben": {"2": 1}}


def test_the_board_is_for_members_only(room: Room) -> None:
    token, _ = room.join("ABC234", "Ana", "a")
    assert room.board(token) is None
    room.show_board({"title": "SWOT", "sections": []})
    assert room.board(token) == {"title": "SWOT", "sections": []}
    with pytest.raises(NotJoined):
        room.board("guess")


def test_listeners_hear_changes_and_a_broken_one_breaks_nothing(room: Room) -> None:
    heard: list[RoomEvent] = []

    def broken(_event: RoomEvent) -> None:
        raise RuntimeError("boom")

    room.subscribe(broken)
    stop = room.subscribe(heard.append)
    token, member = room.join("ABC234", "Ana", "a")
    card = room.add_card(token, "swot", "strength", "x")
    stop()
    room.discard(card.id)
    assert [(e.kind, e.member, e.card) for e in heard] == [
        ("joined", member, None),
        ("card", member, card),
    ]


def test_many_threads_lose_no_card(room: Room) -> None:
    tokens = [room.join("ABC234", f"M{i}", f"c{i}")[0] for i in range(20)]

    def work(token: str) -> None:
        for n in range(room.limits.max_cards_per_member):
            room.add_card(token, "swot", "opportunity", f"idea {n}")

    threads = [threading.Thread(target=work, args=(t,)) for t in tokens]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    cards = room.pending()
    assert len(cards) == 20 * room.limits.max_cards_per_member
    assert len({c.id for c in cards}) == len(cards)
