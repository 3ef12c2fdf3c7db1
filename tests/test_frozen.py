"""interdependence.frozen.Record behaves as ``@dataclass(frozen=True)`` of the same fields.

The curriculum, the journal's Change and the download's DownloadFile are Records since
issue 14 (item 4: a dataclass costs a cold start ~0.6 ms to define); each test below makes the
same record both ways and checks they agree."""

import copy
import dataclasses
import pickle

import pytest

from interdependence.curriculum import Item, Scale
from interdependence.frozen import Record


class Pair(Record):
    name: str
    size: int
    note: str = ""
    tags: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class PairDC:
    name: str
    size: int
    note: str = ""
    tags: tuple[str, ...] = ()


@pytest.mark.parametrize(("args", "kwargs"), [
    (("a", 1), {}), (("a",), {"size": 2}), ((), {"name": "b", "size": 3, "note": "n"}),
    (("a", 1, "x", ("t",)), {}),
])
def test_made_by_position_or_keyword_with_defaults_like_a_dataclass(args, kwargs):
    record, reference = Pair(*args, **kwargs), PairDC(*args, **kwargs)
    assert [getattr(record, f.name) for f in dataclasses.fields(PairDC)] == \
        [getattr(reference, f.name) for f in dataclasses.fields(PairDC)]
    assert repr(record) == repr(reference).replace("PairDC", "Pair")


@pytest.mark.parametrize(("args", "kwargs", "words"), [
    (("a",), {}, "missing"), (("a", 1, "x", (), 5), {}, "takes 4 arguments"),
    (("a", 1), {"colour": "red"}, "unexpected keyword argument 'colour'"),
    (("a", 1), {"name": "b"}, "multiple values for argument 'name'"),
])
def test_wrong_arguments_raise_type_error_as_a_dataclass_does(args, kwargs, words):
    with pytest.raises(TypeError):
        PairDC(*args, **kwargs)
    with pytest.raises(TypeError, match=words):
        Pair(*args, **kwargs)


def test_equal_and_hashed_by_class_and_fields():
    assert Pair("a", 1) == Pair("a", 1, "")
    assert hash(Pair("a", 1)) == hash(Pair("a", 1))
    assert Pair("a", 1) != Pair("a", 2)
    assert Pair("a", 1) != ("a", 1, "", ())  # not a tuple
    assert Pair("a", 1) != PairDC("a", 1)  # nor a record of another class
    assert len({Pair("a", 1), Pair("a", 1), Pair("b", 1)}) == 2


def test_never_changed_once_made():
    record = Pair("a", 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.size = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.other = 2  # type: ignore[attr-defined]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del record.name  # type: ignore[misc]
    assert record == Pair("a", 1)


def test_a_field_without_a_default_after_one_with_is_refused_when_defined():
    with pytest.raises(TypeError, match="'late' has no default"):
        class Bad(Record):
            early: int = 0
            late: int


def test_copied_and_pickled_whole():
    record = Pair("a", 1, tags=("x",))
    for again in (copy.copy(record), copy.deepcopy(record), pickle.loads(pickle.dumps(record))):
        assert again == record
        assert again is not record
        with pytest.raises(dataclasses.FrozenInstanceError):
            again.size = 3  # type: ignore[misc]


def test_the_curriculum_records_keep_their_dataclass_behaviour():
    scale = Scale("freq", "How often?", ((1, "Never"), (5, "Always")))
    item = Item("sign.asking", "I ask for help.", scale)
    assert (item.short, item.shareable) == ("", True)
    assert item == Item("sign.asking", "I ask for help.", scale, "", True)
    assert scale.label(5) == "Always"
    assert repr(item).startswith("Item(id='sign.asking', text='I ask for help.', scale=Scale(")


class Checked(Record):
    size: int = 1

    def __post_init__(self):
        if self.size < 1:
            raise ValueError("size must be at least 1")


def test_post_init_runs_once_the_fields_are_set_as_for_a_dataclass():
    assert Checked(3).size == 3
    with pytest.raises(ValueError, match="at least 1"):
        Checked(0)


def test_the_privacy_gate_still_refuses_a_group_too_small():
    """privacy.Gate is a Record: its __post_init__ check still runs."""
    from interdependence.privacy import Gate

    with pytest.raises(ValueError):  # noqa: PT011 - the gate's own error type, a ValueError
        Gate(1)
    assert Gate(5).min_group == 5
