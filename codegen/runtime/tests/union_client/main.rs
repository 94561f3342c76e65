//! A client generated from `codegen/tests/fixtures/discriminator.yaml` (unions a
//! `discriminator` property tells apart: an explicit mapping with two values for one
//! alternative and an array alternative, implicit component names, inline alternatives with
//! and without a value of their own, a mapping entry that names no alternative, unions that list each other, and a base that
//! others extend with `allOf`) decodes what a local server and plain JSON give it.

// The test calls part of the generated API; the rest (the re-export of each response body
// beside its operation included) is checked by compiling it.
#[allow(dead_code, unused_imports)]
mod generated;

/// The path the generated code calls the runtime by.
mod runtime {
    pub use codegen_runtime::*;
}

use generated::client::Client;
use generated::models::{
    Aliased, Car, Cat, Dog, Expression, JustTheOther, JustThisOne, Left, OnlyEachOther, Owner,
    PetsGetResponse, PrivateOwnerView, Right, Shape, Van, Vehicle, VehicleBase,
};
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn pet(value: serde_json::Value) -> Result<PetsGetResponse, serde_json::Error> {
    serde_json::from_value(value)
}

#[test]
fn the_discriminator_chooses_the_alternative_even_where_an_earlier_one_accepts_the_value() {
    // `Cat` comes first and would accept this dog: trying in order would take it for a cat.
    let dog = pet(json!({"kind": "dog", "name": "Rex", "lives": 9})).unwrap();
    let PetsGetResponse::Dog(dog) = dog else {
        panic!("decoded as {dog:?}")
    };
    assert_eq!((dog.kind.as_str(), dog.name.as_str()), ("dog", "Rex"));
}

#[test]
fn every_mapped_value_selects_its_alternative_which_keeps_the_property() {
    for kind in ["cat", "kitten"] {
        let cat = pet(json!({"kind": kind, "name": "Tom"})).unwrap();
        let PetsGetResponse::Cat(cat) = cat else {
            panic!("{kind} decoded as {cat:?}")
        };
        assert_eq!(cat.kind, kind);
        assert_eq!(cat.lives, None);
    }
}

#[test]
fn a_value_without_the_property_is_tried_in_order() {
    let litter = pet(json!([{"kind": "kitten", "name": "Tom"}])).unwrap();
    let PetsGetResponse::Litter(cats) = litter else {
        panic!("decoded as {litter:?}")
    };
    assert_eq!(cats.len(), 1);
    // A property that is no string names nothing: tried in order, `Cat` refuses the number.
    let numbered = pet(json!({"kind": 3, "name": "Tom"}));
    assert!(numbered.is_err(), "{numbered:?}");
}

#[test]
fn a_value_naming_none_of_alternatives_that_all_have_names_is_refused() {
    // `Cat` would accept it, but a fish is none of the kinds the union lists.
    let error = pet(json!({"kind": "fish", "name": "Nemo"}))
        .unwrap_err()
        .to_string();
    assert_eq!(
        error,
        "`kind` is `fish`, which names no alternative of union `PetsGetResponse`; expected one \
         of `cat`, `kitten`, `dog`, `litter`"
    );
}

#[test]
fn implicit_component_names_and_unmapped_values_decode() {
    let circle: Shape = serde_json::from_value(json!({"shape": "circle", "radius": 1.5})).unwrap();
    assert!(matches!(circle, Shape::Circle(_)), "{circle:?}");
    let square: Shape = serde_json::from_value(json!({"shape": "square", "side": 2.0})).unwrap();
    assert!(matches!(square, Shape::Square(_)), "{square:?}");
    // The inline alternative that allows only `hexagon` is named by it: a value naming it
    // is decoded by it alone, and its failure says so.
    let hexagon: Shape = serde_json::from_value(json!({"shape": "hexagon", "side": 2.0})).unwrap();
    assert!(matches!(hexagon, Shape::Hexagon(_)), "{hexagon:?}");
    let error = serde_json::from_value::<Shape>(json!({"shape": "hexagon", "radius": 1.0}))
        .unwrap_err()
        .to_string();
    assert_eq!(
        error,
        "missing field `side`, in the alternative of `Shape` that its `shape` names"
    );
    // `triangle` is mapped to a schema that is no alternative: the inline one accepts it.
    let triangle: Shape = serde_json::from_value(json!({"shape": "triangle", "sides": 3})).unwrap();
    let Shape::Sides(triangle) = triangle else {
        panic!("decoded as {triangle:?}")
    };
    assert_eq!(triangle.sides, 3);
}

#[test]
fn a_mapping_reaches_an_alternative_through_an_alias_and_a_union_does_not_include_itself() {
    let cat: Aliased = serde_json::from_value(json!({"kind": "cat", "name": "Tom"})).unwrap();
    assert!(matches!(cat, Aliased::CatAlias(_)), "{cat:?}");
    // The alternative that was the union itself is gone: these end, and decode or fail.
    let dog: Expression = serde_json::from_value(json!({"kind": "dog", "name": "Rex"})).unwrap();
    assert!(matches!(dog, Expression::Dog(_)), "{dog:?}");
    let error = serde_json::from_value::<Expression>(json!(42)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "data did not match any variant of union `Expression`"
    );
}

#[test]
fn unions_that_list_each_other_end_decoding() {
    // `right` left out `left`, which keeps both alternatives.
    let number: Left = serde_json::from_value(json!(7)).unwrap();
    assert_eq!(number, Left::Right(Right::Integer(7)));
    let text: Left = serde_json::from_value(json!("seven")).unwrap();
    assert_eq!(text, Left::String("seven".to_owned()));
    let error = serde_json::from_value::<Right>(json!("seven")).unwrap_err();
    assert!(error.to_string().contains("Right"), "{error}");
    // Nothing but each other: no alternative is left, and every value is refused.
    assert!(serde_json::from_value::<OnlyEachOther>(json!(null)).is_err());
    assert!(serde_json::from_value::<OnlyEachOther>(json!({})).is_err());
    // One member each, so each only stands for the other: refused too, rather than decoded
    // until the stack overflows.
    assert!(serde_json::from_value::<JustTheOther>(json!(1)).is_err());
    assert!(serde_json::from_value::<JustThisOne>(json!({"a": 1})).is_err());
}

#[test]
fn failures_name_the_union_and_the_property_that_chose() {
    let error = pet(json!({"kind": "dog"})).unwrap_err().to_string();
    assert_eq!(
        error,
        "missing field `name`, in the alternative of `PetsGetResponse` that its `kind` names"
    );
    let error = pet(json!(42)).unwrap_err().to_string();
    assert_eq!(
        error,
        "data did not match any variant of union `PetsGetResponse`"
    );
}

#[test]
fn encoding_writes_the_alternative_as_it_is() {
    let dog = PetsGetResponse::Dog(Dog {
        kind: "dog".to_owned(),
        name: "Rex".to_owned(),
    });
    let encoded = serde_json::to_value(&dog).unwrap();
    assert_eq!(encoded, json!({"kind": "dog", "name": "Rex"}));
    assert_eq!(pet(encoded).unwrap(), dog);
    let cat = PetsGetResponse::Cat(Cat::new("kitten".to_owned(), "Tom".to_owned()));
    assert_eq!(pet(serde_json::to_value(&cat).unwrap()).unwrap(), cat);
}

#[tokio::test]
async fn a_response_decodes_by_its_discriminator() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/owners/1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"view": "private", "login": "mona", "email": "m@x"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pets/2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"kind": "dog"})))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();

    let owner = client.owners().get(1).send().await.unwrap().into_body();
    let Owner::PrivateOwner(owner) = owner else {
        panic!("decoded as {owner:?}")
    };
    assert_eq!(owner.view, PrivateOwnerView::Private);
    assert_eq!(owner.email, "m@x");

    let error = client.pets().get(2).send().await.unwrap_err();
    let runtime::Error::Decode { source, .. } = &error else {
        panic!("failed with {error:?}")
    };
    assert!(
        source.to_string().contains("that its `kind` names"),
        "{source}"
    );
}

#[tokio::test]
async fn a_base_that_others_extend_decodes_as_the_one_its_property_names() {
    let vehicle = |value| serde_json::from_value::<Vehicle>(value);
    let car = vehicle(json!({"type": "car", "wheels": 4, "seats": 5})).unwrap();
    let Vehicle::Car(car) = car else {
        panic!("decoded as {car:?}")
    };
    assert_eq!((car.wheels, car.seats), (4, Some(5)));
    // `van` extends `car`, which extends `vehicle`.
    let van = vehicle(json!({"type": "van", "wheels": 4, "seats": 3, "doors": 5})).unwrap();
    assert!(
        matches!(&van, Vehicle::Van(van) if (van.seats, van.doors) == (Some(3), Some(5))),
        "{van:?}"
    );
    let lorry = vehicle(json!({"type": "lorry", "wheels": 6, "load": 2.5})).unwrap();
    assert!(
        matches!(&lorry, Vehicle::Truck(truck) if truck.load == 2.5),
        "{lorry:?}"
    );
    // The mapping names `truck` `lorry`; `truck` itself, `bike` (which adds nothing), the
    // base's own name and a kind added since are the base.
    for kind in ["truck", "bike", "vehicle", "hovercraft"] {
        let base = vehicle(json!({"type": kind, "wheels": 2, "extra": true})).unwrap();
        assert_eq!(
            base,
            Vehicle::Base(VehicleBase {
                r#type: kind.to_owned(),
                wheels: 2,
                colour: None,
            })
        );
    }
    // `tram` only makes `colour` required, which makes it a child of its own.
    let tram = vehicle(json!({"type": "tram", "wheels": 8, "colour": "red"})).unwrap();
    assert!(
        matches!(&tram, Vehicle::Tram(tram) if tram.colour == "red"),
        "{tram:?}"
    );
    let error = vehicle(json!({"type": "tram", "wheels": 8})).unwrap_err();
    assert!(
        error.to_string().contains("missing field `colour`"),
        "{error}"
    );
    let error = vehicle(json!({"type": "lorry", "wheels": 6})).unwrap_err();
    assert_eq!(
        error.to_string(),
        "missing field `load`, in the alternative of `Vehicle` that its `type` names"
    );
    // Encoding writes the alternative, its property included.
    let car = Vehicle::Car(Car {
        r#type: "car".to_owned(),
        wheels: 4,
        colour: None,
        seats: None,
    });
    let encoded = serde_json::to_value(&car).unwrap();
    assert_eq!(encoded, json!({"type": "car", "wheels": 4}));
    assert_eq!(vehicle(encoded).unwrap(), car);

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/vehicles/3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"type": "car", "wheels": 3})))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let got = client.vehicles().get(3).send().await.unwrap().into_body();
    assert!(matches!(got, Vehicle::Car(_)), "{got:?}");
}

#[tokio::test]
async fn a_base_that_others_extend_is_sent_as_its_alternative_and_may_be_null() {
    let server = MockServer::start().await;
    let mut van = Van::new("van".to_owned(), 4);
    van.doors = Some(5);
    Mock::given(method("PUT"))
        .and(path("/vehicles/7"))
        .and(body_json(json!({"type": "van", "wheels": 4, "doors": 5})))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"parked": {"type": "van", "wheels": 4, "doors": 5}})),
        )
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/vehicles/8"))
        .and(body_json(json!({"type": "scooter", "wheels": 2})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"parked": null})))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    // An alternative converts into the union the body takes.
    let garage = client
        .vehicles()
        .park(7, van.clone())
        .send()
        .await
        .unwrap()
        .into_body();
    assert_eq!(garage.parked, Some(Vehicle::Van(van)));
    let scooter = VehicleBase {
        r#type: "scooter".to_owned(),
        wheels: 2,
        colour: None,
    };
    let garage = client
        .vehicles()
        .park(8, scooter)
        .send()
        .await
        .unwrap()
        .into_body();
    assert_eq!(garage.parked, None);
}
